using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Articles;

[ArticlesApi.Infrastructure.Http.SurrogateKey("author")]
public sealed class AuthorSummary : ILinked
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }

    /// The author's page on the front end: `{siteUrl}/authors/{slug}`.
    public required string Url { get; set; }

    public string? AvatarUrl { get; init; }

    public void LinkTo(SiteUrls site) => Url = site.Author(Slug);
}
