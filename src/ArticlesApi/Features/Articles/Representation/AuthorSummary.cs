namespace ArticlesApi.Features.Articles;

[ArticlesApi.Infrastructure.Http.SurrogateKey("author")]
public sealed class AuthorSummary
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public string? AvatarUrl { get; init; }
}
