using System.Text.Json.Serialization;
using ArticlesApi.Domain;

namespace ArticlesApi.Features.Articles;

/// An article in a list: everything but the body and citations.
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
    /// Set for every published or scheduled article, so never null in a read without a key or a list without `status`;
    /// null only for a draft that was never published.
    public DateTime? PublishedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public required int ReadingTimeMinutes { get; init; }
    public FeatureImageResponse? FeatureImage { get; init; }
    public required IReadOnlyList<AuthorSummary> Authors { get; init; }
    public required IReadOnlyList<TagSummary> Tags { get; init; }

    /// Search hits only: fragments of the article with the matched words wrapped in &lt;mark&gt;.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Highlight { get; init; }
}
