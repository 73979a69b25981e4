using ArticlesApi.Domain;

namespace ArticlesApi.Features.Articles;

public sealed class SourceSummary
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required SourceKind Kind { get; init; }
}
