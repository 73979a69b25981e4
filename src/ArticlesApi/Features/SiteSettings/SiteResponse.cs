using ArticlesApi.Domain;

namespace ArticlesApi.Features.SiteSettings;

/// The site as GET and PUT /api/v1/site return it.
public sealed class SiteResponse
{
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// The front end's base URL, without a trailing slash: every public `url` starts from it.
    public required string Url { get; init; }

    /// The publisher's logo (structured data's `publisher.logo`).
    public string? LogoUrl { get; init; }

    /// BCP 47 tags, at least one; the first is the site's default language.
    public required IReadOnlyList<string> Languages { get; init; }

    /// How an article's public `url` is made. Tokens: `{siteUrl}`, `{language}`, `{slug}`, `{id}`, `{yyyy}`, `{mm}`, `{dd}`
    /// (the date: `publishedAt`, or `createdAt` while the article has none, in UTC).
    public required string ArticleUrlTemplate { get; init; }

    /// The publication's name in Google News sitemaps; the site's `name` is used when absent.
    public string? NewsPublicationName { get; init; }

    public required DateTime UpdatedAt { get; init; }

    public static SiteResponse Of(Site site) => new()
    {
        Name = site.Name,
        Description = site.Description,
        Url = site.Url,
        LogoUrl = site.LogoUrl,
        Languages = site.Languages,
        ArticleUrlTemplate = site.ArticleUrlTemplate,
        NewsPublicationName = site.NewsPublicationName,
        UpdatedAt = site.UpdatedAt,
    };
}
