using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Features.Distribution;
using ArticlesApi.Features.Distribution.Feeds;
using ArticlesApi.Features.Distribution.Sitemaps;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Http;
using Npgsql;

namespace ArticlesApi.Bench.RawEndpoint;

/// The feeds (50 full articles, the default) and the Google News sitemap with raw Npgsql: the statements the API sends
/// (bench/sql/feed-*.sql, news-sitemap.sql, captured from EF's command log), and the API's own writers for the bytes
/// (RssFeed, JsonFeed with the API's serializer options, WrittenSitemap, SiteUrls for the public URLs, the pooled
/// ResponseBuffer): what the API adds on top of this is EF Core, FastEndpoints and its pipeline (ETag, Cache-Control).
/// The news sitemap's elements are written here as NewsSitemap writes them; the run compares the bytes of both answers.
/// Filters (tag, author, language, limit) answer 501: only the scenarios' routes exist.
sealed class Distribution(NpgsqlDataSource dataSource)
{
    static class Sql
    {
        static string Load(string name) =>
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "sql", name + ".sql")).TrimEnd().TrimEnd(';');

        public static readonly string Site = Load("site"), FeedPage = Load("feed-page"), FeedAuthors = Load("feed-authors"),
            FeedTags = Load("feed-tags"), NewsSitemap = Load("news-sitemap");
    }

    // As SiteLinks: the site is read once and kept (it changes only with a write, and the bench writes nothing).
    SiteUrls? _site;

    internal async ValueTask<SiteUrls> SiteAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        if (_site is { } known)
            return known;
        await using var command = new NpgsqlCommand(Sql.Site, connection);
        await using var r = await command.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
            throw new InvalidOperationException("The site row is missing.");
        var site = new Site
        {
            Id = r.GetGuid(0), ArticleUrlTemplate = r.GetString(1), Description = r.IsDBNull(2) ? null : r.GetString(2),
            Languages = [.. r.GetFieldValue<string[]>(3)], LogoUrl = r.IsDBNull(4) ? null : r.GetString(4), Name = r.GetString(5),
            NewsPublicationName = r.IsDBNull(6) ? null : r.GetString(6), UpdatedAt = r.GetDateTime(7), Url = r.GetString(8),
        };
        return _site = new SiteUrls(site, 0);
    }

    public async Task Rss(HttpContext http) => await (ReadyMade.Enabled
        ? ReadyAsync(http, ArticlesApi.Features.Distribution.Ready.ReadyFormat.Rss, RssFeed.Type)
        : Feed(http, feed => new RssFeed(feed).WriteTo, RssFeed.Type));

    public async Task Json(HttpContext http) => await (ReadyMade.Enabled
        ? ReadyAsync(http, ArticlesApi.Features.Distribution.Ready.ReadyFormat.Json, JsonFeed.Type)
        : Feed(http, feed => buffer => JsonSerializer.Serialize(buffer, JsonFeed.From(feed), Representations.Options), JsonFeed.Type));

    /// RAW_READYMADE=1: from the ready-made feed items (ReadyMade.cs), as the API reads them.
    async Task ReadyAsync(HttpContext http, ArticlesApi.Features.Distribution.Ready.ReadyFormat format, string mediaType)
    {
        if (_site is null)
        {
            await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
            await SiteAsync(connection, http.RequestAborted);
        }
        await ReadyMadeFeeds.ServeAsync(http, dataSource, _site!, format, mediaType);
    }

    async Task Feed(HttpContext http, Func<Feed, Action<Stream>> writer, string mediaType)
    {
        if (http.Request.QueryString.HasValue)
        {
            http.Response.StatusCode = 501;
            return;
        }
        var ct = http.RequestAborted;
        var now = DateTime.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var site = await SiteAsync(connection, ct);

        var rows = new List<(Guid Id, string Slug, string Title, string Language, string Excerpt, string Html, DateTime Published,
            DateTime Updated, string? ImageUrl, string? ImageAlt)>(FeedArticles.DefaultLimit);
        await using (var command = new NpgsqlCommand(Sql.FeedPage, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", now));
            command.Parameters.Add(new NpgsqlParameter<int>("p", FeedArticles.DefaultLimit));
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows.Add((r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                    r.GetDateTime(6), r.GetDateTime(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9)));
        }
        var ids = rows.Select(r => r.Id).ToArray();
        var authors = new List<(Guid Article, FeedPerson Person)>();
        await using (var command = new NpgsqlCommand(Sql.FeedAuthors, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids));
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                authors.Add((r.GetGuid(0), new FeedPerson(r.GetString(1), site.Author(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3))));
        }
        var tags = new List<(Guid Article, FeedCategory Category)>();
        await using (var command = new NpgsqlCommand(Sql.FeedTags, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids));
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                tags.Add((r.GetGuid(0), new FeedCategory(r.GetString(1), r.GetString(2), site.Tag(r.GetString(2)))));
        }
        var byArticle = authors.ToLookup(x => x.Article, x => x.Person);
        var tagsOf = tags.ToLookup(x => x.Article, x => x.Category);
        var items = rows.Select(r => new FeedItem(r.Id, r.Title, site.Article(r.Slug, r.Id, r.Language, r.Published), r.Language, r.Excerpt,
            r.Html, r.Published, r.Updated, [.. byArticle[r.Id]], [.. tagsOf[r.Id]],
            r.ImageUrl is null ? null : new FeedImage(r.ImageUrl, r.ImageAlt, FeedArticles.ImageMediaType(r.ImageUrl)), [])).ToList();
        var home = site.Site.Url.TrimEnd('/');
        // Self URL: none, as the API's without Api:PublicUrl (the bench sets none).
        var feed = new Feed(site.Site.Name, site.Site.Description, site.Site.Languages.FirstOrDefault() ?? "en", home, home, null,
            site.Site.LogoUrl, items.Count == 0 ? site.Site.UpdatedAt : items.Max(i => i.Updated), items);
        await SendAsync(http, writer(feed), mediaType);
    }

    public async Task News(HttpContext http)
    {
        if (ReadyMade.Enabled)
        {
            await ReadyAsync(http, ArticlesApi.Features.Distribution.Ready.ReadyFormat.News, SitemapXml.Type);
            return;
        }
        var ct = http.RequestAborted;
        var now = DateTime.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var site = await SiteAsync(connection, ct);
        var rows = new List<(Guid Id, string Slug, string Title, string Language, DateTime Published)>();
        await using (var command = new NpgsqlCommand(Sql.NewsSitemap, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", now));
            command.Parameters.Add(new NpgsqlParameter<DateTime>("since", now - NewsSitemap.Window));
            command.Parameters.Add(new NpgsqlParameter<int>("p", NewsSitemap.MaxUrls));
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows.Add((r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetDateTime(4)));
        }
        if (rows.Count == 0)
        {
            http.Response.StatusCode = 404;
            return;
        }
        var publication = site.Site.NewsPublicationName ?? site.Site.Name;
        await SendAsync(http, new WrittenSitemap(w =>
        {
            w.WriteStartElement("urlset", SitemapXml.Ns);
            w.WriteAttributeString("xmlns", "news", null, SitemapXml.News);
            foreach (var row in rows)
            {
                w.WriteStartElement("url", SitemapXml.Ns);
                w.Element("loc", site.Article(row.Slug, row.Id, row.Language, row.Published));
                w.WriteStartElement("news", "news", SitemapXml.News);
                w.WriteStartElement("news", "publication", SitemapXml.News);
                w.Element("news", "name", SitemapXml.News, publication);
                w.Element("news", "language", SitemapXml.News, NewsSitemap.Language(row.Language));
                w.WriteEndElement();
                w.Element("news", "publication_date", SitemapXml.News, XmlText.W3c(row.Published));
                w.Element("news", "title", SitemapXml.News, row.Title);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }).WriteTo, SitemapXml.Type);
    }

    /// Into the API's pooled buffer, then out with a Content-Length (the API's path without the ETag and headers).
    static async Task SendAsync(HttpContext http, Action<Stream> write, string mediaType)
    {
        using var buffer = ResponseBuffer.Rent();
        write(buffer);
        http.Response.ContentType = mediaType + "; charset=utf-8";
        http.Response.ContentLength = buffer.Length;
        await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.RequestAborted);
    }
}
