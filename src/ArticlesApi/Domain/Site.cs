namespace ArticlesApi.Domain;

/// The newsroom's public site: where the front end lives and how its URLs are made. One row (the `site`
/// table); every `url` in a read, feed, sitemap or structured data is built from it (Features/Site/SiteLinks).
public sealed class Site
{
    /// The one row's key; also its resource id in content_changes.
    public static readonly Guid SingletonId = new("00000000-0000-7000-8000-000000005173");

    public const string DefaultArticleUrlTemplate = "{siteUrl}/{language}/{slug}";

    public Guid Id { get; set; } = SingletonId;
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// The front end's base URL, without a trailing slash: `https://www.oltrelalinea.news`.
    public required string Url { get; set; }

    public string? LogoUrl { get; set; }

    /// BCP 47 tags; the first is the site's default language.
    public List<string> Languages { get; set; } = [];

    /// Tokens `{siteUrl}`, `{language}`, `{slug}`, `{id}`, `{yyyy}`, `{mm}`, `{dd}` (SiteLinks.Tokens).
    public string ArticleUrlTemplate { get; set; } = DefaultArticleUrlTemplate;

    /// The publication's name in Google News (`news:publication`); the site's name when not set.
    public string? NewsPublicationName { get; set; }

    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }
}
