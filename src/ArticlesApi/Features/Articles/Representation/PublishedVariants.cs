namespace ArticlesApi.Features.Articles;

/// How the document tells an article with a publication date from one without (OpenApiDocs/VariantSchemas):
/// the `status` says which, so a client that checks it knows whether `publishedAt` can be null.
static class PublishedVariants
{
    public const string Published = "Published (`status` published, scheduled for `publishedAt`, or takenDown — which only editors and admins see): `publishedAt` is always set. "
        + "Public reads (no key, or a list without `status`) answer only these.";

    public const string Unpublished = "A draft or archived article (`status` draft or archived): `publishedAt` is null, or the "
        + "date it kept from an earlier publication.";
}
