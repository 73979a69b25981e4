namespace ArticlesApi.Domain;

/// A slug an article, author, tag or source had before it was changed: reads of it answer 301 to the
/// resource's current slug (Features/SlugRedirects), unless another resource of the same kind has taken it
/// since. Written by Data/SlugHistory in the transaction of the write that changed the slug; one row per
/// (resource kind, slug), pointing at the resource that left it last. See docs/decisions/0027-slug-history.md.
public sealed class OldSlug
{
    public ContentResource Resource { get; set; }
    public required string Slug { get; set; }

    /// The resource that had this slug; chains (a → b → c) need no walking: every old slug points at the id.
    public Guid ResourceId { get; set; }

    /// When the resource left this slug.
    public DateTime LeftAt { get; set; }
}
