namespace ArticlesApi.Features.Articles;

public sealed class SourceCitations
{
    public required SourceSummary Source { get; init; }
    public required IReadOnlyList<CitationResponse> Citations { get; init; }
}
