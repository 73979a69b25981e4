using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Articles;

[ArticlesApi.Infrastructure.Http.SurrogateKey("tag")]
public sealed class TagSummary : ILinked
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }

    /// The tag's page on the front end: `{siteUrl}/tags/{slug}`.
    public required string Url { get; set; }

    public void LinkTo(SiteUrls site) => Url = site.Tag(Slug);
}
