using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// The document-wide pass, after FastEndpoints.Swagger and the operation processors (RequestHeaderDocs,
/// OptionalBodyDocs, DeclaredBehaviourDocs) have built every operation: tags, one problem+json schema,
/// what every operation of a method shares (OperationRules, CommonResponses), the shape of paths
/// (PathShape), the generator's schema quirks (SchemaTidying), the validators' constraints (ValidationRulesDocs) and
/// answers told apart by their status (VariantSchemas).
/// Nothing here looks at a URL.
public sealed class DocumentRules : IDocumentProcessor
{
    static readonly (string Name, string Description)[] Tags =
    [
        ("Articles", "News articles: Markdown bodies served as markdown, sanitized HTML and text; authors, tags and citations "
            + "embedded; full-text search in each article's language; an editorial workflow (draft, scheduled, published, trash)."),
        ("Authors", "The people who write. Public reads never show an author's email."),
        ("Tags", "Topics. An unknown tag name in an article's `tags` creates the tag; a name that looks like an existing tag's "
            + "(case, accents, spacing, look-alike letters of other scripts) is that tag. Without a key, only tags that a published "
            + "article carries are listed or found."),
        ("Sources", "Who claims are attributed to: news agencies, governments, intelligence services, media, organisations, "
            + "people, documents. Articles cite them with `citations`."),
        ("Feeds", "RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the published articles, linking to the front end (the site's URLs)."),
        ("Sitemaps", "The sitemap index, its sitemaps (articles by month, authors, tags, sources) and the Google News sitemap; "
            + "every URL in them is on the front end."),
        ("Changes", "Every change to the content in commit order, to follow it from a cursor: static-site builders, search indexes, "
            + "offline apps. Without a key, only what affects public content."),
        ("Webhooks", "Content changes POSTed to your URL as they commit, signed by the Standard Webhooks scheme (admin only; the body is "
            + "`WebhookPayload`, see `x-webhooks`)."),
        ("Site", "The newsroom's public site: its base URL, languages and the template that every public `url` is made from."),
        ("Keys", "API keys (admin only). The secret is shown once, when the key is created."),
        ("Index", "Where everything is: one URL a client can start from."),
    ];

    public void Process(DocumentProcessorContext context)
    {
        var document = context.Document;
        document.Tags = Tags.Select(t => new NSwag.OpenApiTag { Name = t.Name, Description = t.Description }).ToList();
        var problem = ProblemSchema.AddTo(document);

        PathShape.HeadAsGetExtension(document);
        PathShape.MergeIdOrSlugPaths(document);
        foreach (var (method, operation) in document.Paths.Values.SelectMany(item => item))
        {
            OperationRules.Apply(method, operation, document);
            CommonResponses.Apply(method, operation, problem);
            OperationRules.DescribeSecurity(operation);
        }
        SchemaTidying.Apply(document);
        ValidationRulesDocs.Apply(document);
        VariantSchemas.Apply(document);
        FeatureImageSchemas.Apply(document);
    }
}
