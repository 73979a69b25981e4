namespace ArticlesApi.Features.Articles;

[ArticlesApi.Infrastructure.Http.SurrogateKey("tag")]
public sealed class TagSummary
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
}
