using System.Text.Json.Serialization;
using ArticlesApi.Domain;

namespace ArticlesApi.Features.Articles;

/// An article in a list: everything but the body and citations.
[ArticlesApi.Infrastructure.Http.SurrogateKey("article")]
public sealed class ArticleSummary
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }

    /// The article's public URL on the front end, made from the site's `articleUrlTemplate` (GET /api/v1/site).
    public required string Url { get; set; }

    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public required string Excerpt { get; init; }
    public required string Language { get; init; }
    public required ArticleStatus Status { get; init; }

    /// The type of work: `news` (default), `analysis`, `opinion`, `background`, `factCheck` or `sponsored`.
    public required ArticleKind Kind { get; init; }

    public required bool Featured { get; init; }
    /// Set for every published or scheduled article, so never null in a read without a key or a list without `status`;
    /// null only for a draft that was never published.
    [ArticlesApi.Infrastructure.OpenApiDocs.SetWhen(nameof(Status), ArticleStatus.Published, ArticleStatus.Scheduled, ArticleStatus.TakenDown,
        Variant = "Published", VariantDescription = PublishedVariants.Published,
        OtherVariant = "Unpublished", OtherVariantDescription = PublishedVariants.Unpublished)]
    public DateTime? PublishedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public required int ReadingTimeMinutes { get; init; }
    public FeatureImageResponse? FeatureImage { get; init; }
    public required IReadOnlyList<AuthorSummary> Authors { get; init; }
    /// In order, each in the article's language when the tag has a name in it.
    public required IReadOnlyList<TagSummary> Tags { get; init; }

    /// The first of `tags`, or null.
    public TagSummary? PrimaryTag => Tags.Count > 0 ? Tags[0] : null;

    /// Search hits only: fragments of the article with the matched words wrapped in &lt;mark&gt;.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Highlight { get; init; }
}
