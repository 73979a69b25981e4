using System.Xml;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Distribution.Sitemaps;

/// The Google News sitemap (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap):
/// articles published in the last 48 hours by the application's clock, newest first, at most 1,000.
public static class NewsSitemap
{
    public const int MaxUrls = 1_000;
    public static readonly TimeSpan Window = TimeSpan.FromHours(48);

    sealed record Row(Guid Id, string Slug, string Title, string Language, DateTime PublishedAt);

    /// Null when nothing was published in the window (a sitemap without URLs is not valid).
    public static async Task<WrittenSitemap?> ReadAsync(ArticlesDb db, SiteUrls site, DateTime now, CancellationToken ct)
    {
        var since = now - Window;
        var rows = await db.Articles.AsNoTracking().Where(ArticleVisibility.PublicAt(now))
            .Where(a => a.PublishedAt >= since)
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(MaxUrls)
            .Select(a => new Row(a.Id, a.Slug, a.Title, a.Language, a.PublishedAt!.Value))
            .ToListAsync(ct);
        if (rows.Count == 0)
            return null;
        var publication = site.Site.NewsPublicationName ?? site.Site.Name;
        return Document(w =>
        {
            foreach (var row in rows)
                WriteUrl(w, site.Article(row.Slug, row.Id, row.Language, row.PublishedAt), publication, row.Language, row.PublishedAt, row.Title);
        });
    }

    /// The `urlset` around the URLs (also the ready-made news sitemap's envelope, Distribution/Ready).
    public static WrittenSitemap Document(Action<XmlWriter> urls) => new(w =>
    {
        w.WriteStartElement("urlset", SitemapXml.Ns);
        w.WriteAttributeString("xmlns", "news", null, SitemapXml.News);
        urls(w);
        w.WriteEndElement();
    }, "articles");

    /// One article's `url` (also what the ready-made news URLs are rendered with).
    public static void WriteUrl(XmlWriter w, string loc, string publication, string language, DateTime publishedAt, string title)
    {
        w.WriteStartElement("url", SitemapXml.Ns);
        w.Element("loc", loc);
        w.WriteStartElement("news", "news", SitemapXml.News);
        w.WriteStartElement("news", "publication", SitemapXml.News);
        w.Element("news", "name", SitemapXml.News, publication);
        w.Element("news", "language", SitemapXml.News, Language(language));
        w.WriteEndElement();
        w.Element("news", "publication_date", SitemapXml.News, XmlText.W3c(publishedAt));
        w.Element("news", "title", SitemapXml.News, title);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// Google News takes an ISO 639 language code, with `zh-cn` and `zh-tw` the only regional forms.
    public static string Language(string bcp47)
    {
        var lower = bcp47.ToLowerInvariant();
        if (lower.StartsWith("zh", StringComparison.Ordinal))
            return lower.Contains("tw") || lower.Contains("hant") || lower.Contains("hk") ? "zh-tw" : "zh-cn";
        var dash = lower.IndexOf('-');
        return dash < 0 ? lower : lower[..dash];
    }
}
