using ArticlesApi.Domain;

namespace ArticlesApi.Features.Articles;

[ArticlesApi.Infrastructure.Http.SurrogateKey("source")]
public sealed class SourceSummary
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required SourceKind Kind { get; init; }

    /// The source's own site (an agency's, a ministry's), for linking its name; absent when the source has none.
    /// A citation's `url` is the cited document.
    public string? Url { get; init; }
}
