namespace ArticlesApi.Features.Articles;

public sealed class CitationResponse
{
    public required SourceSummary Source { get; init; }
    public required string Claim { get; init; }
    public string? Attribution { get; init; }
    public string? Quote { get; init; }
    public string? Url { get; init; }
    public required int Position { get; init; }
}
