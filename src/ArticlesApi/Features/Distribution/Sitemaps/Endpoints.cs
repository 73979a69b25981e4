using ArticlesApi.Data;
using ArticlesApi.Features.Distribution;
using ArticlesApi.Features.Distribution.Ready;
using ArticlesApi.Features.Distribution.Sitemaps;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Sitemaps;

static class SitemapDocs
{
    public const string Limits = "Within the protocol's limits at any size: at most 50,000 URLs a file (longer lists go on in numbered files) " +
        "and far below 50 MB. Every `loc` is the public URL on the front end (the site's settings), never the API's.";

    public const string Empty = "Nothing to list yet. A sitemap without URLs is not served (as WordPress answers it): the sitemaps.org " +
        "schema requires at least one.";
}

/// GET /api/v1/sitemaps/index.xml: every sitemap with at least one URL and its newest `lastmod`.
sealed class IndexEndpoint(ArticlesApi.Features.Articles.Ready.ReadyStatement statement, ArticlesApi.Features.Articles.Ready.ReadySummaryWorker worker,
    ArticlesApi.Features.Articles.Ready.ReadyMadeSwitches switches, PublicUrls publicUrls, TimeProvider time) : EndpointWithoutRequest<object>
{
    /// Leased when the query path answers: a read answered ready-made needs no context (ReadyStatement).
    ArticlesDb Db => field ??= Resolve<ArticlesDb>();

    public override void Configure()
    {
        Get("/sitemaps/index.xml");
        Definition.Declare(ConditionalRead.Public);
        AllowAnonymous();
        Description(b => b.Produces<string>(200, SitemapXml.Type).Produces(304).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Sitemap index";
            s.Description = "A sitemaps.org sitemap index listing the sitemaps: published articles by month of publication (UTC, " +
                "`articles-2026-11.xml`), then `authors.xml`, `tags.xml` and `sources.xml` (those with at least one published article); " +
                "each `lastmod` is the newest `lastmod` of its URLs. A list past 50,000 URLs goes on in numbered files " +
                "(`articles-2026-11-2.xml`). Its `loc`s are the sitemaps' URLs on this API, absolute under `Api:PublicUrl` (set it; " +
                "a front end that serves the sitemaps under its own host rewrites them as it proxies).";
            s.Responses[200] = "The sitemap index.";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[404] = SitemapDocs.Empty;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        // From the ready-made month counts (Distribution/Ready/ReadySitemaps), the same entries; else the query path.
        var listed = worker.Sitemaps.Serves(switches)
            ? await ReadySitemaps.IndexAsync(statement, time.GetUtcNow().UtcDateTime, ct)
            : await SitemapQueries.IndexAsync(Db, time.GetUtcNow().UtcDateTime, ct);
        if (listed.Count == 0)
        {
            await Send.NotFoundAsync(ct);
            return;
        }
        var request = HttpContext.Request;
        var directory = request.Path.Value![..(request.Path.Value!.LastIndexOf('/') + 1)];
        var prefix = publicUrls.Base is { } api ? api + directory : request.PathBase + directory;
        await Send.OkAsync(new WrittenSitemap(w =>
        {
            w.WriteStartElement("sitemapindex", SitemapXml.Ns);
            foreach (var file in listed)
            {
                w.WriteStartElement("sitemap");
                w.Element("loc", $"{prefix}{file.Name}.xml");
                w.Element("lastmod", XmlText.W3c(file.LastMod));
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }, "articles", "authors", "tags", "sources"), ct);
    }
}

sealed class SitemapRequest
{
    /// The sitemap's name without `.xml`: `articles-2026-11`, `authors`, `tags-2`.
    public string Name { get; set; } = "";
}

/// GET /api/v1/sitemaps/{name}.xml: one sitemap of the index, streamed (it may hold 50,000 URLs).
sealed class FileEndpoint(ArticlesApi.Features.Articles.Ready.ReadyStatement statement, ArticlesApi.Features.Articles.Ready.ReadySummaryWorker worker,
    ArticlesApi.Features.Articles.Ready.ReadyMadeSwitches switches, SiteLinks links, TimeProvider time) : Endpoint<SitemapRequest, object>
{
    /// Leased when the query path answers: a read answered ready-made needs no context (ReadyStatement).
    ArticlesDb Db => field ??= Resolve<ArticlesDb>();

    public override void Configure()
    {
        Get("/sitemaps/{name}.xml");
        Definition.Declare(ConditionalRead.Public);
        AllowAnonymous();
        Description(b => b.Produces<string>(200, SitemapXml.Type).Produces(304).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "A sitemap";
            s.Description = "One sitemap the index lists: `articles-{yyyy}-{mm}` (the articles published that month, UTC, oldest first), " +
                "`authors`, `tags` or `sources`, with `-2`, `-3`… for the files after the first 50,000 URLs. Each `lastmod` is exact " +
                "(the row's last change); a translated article lists every version as `xhtml:link rel=\"alternate\" hreflang`. " +
                SitemapDocs.Limits + " Streamed while it is read, in bounded memory: its ETag is computed from the number and newest change " +
                "of its rows and the last content change, before the body is written (docs/decisions).";
            s.RequestParam(r => r.Name, "`articles-2026-11`, `authors`, `tags`, `sources`, or one of them followed by `-2`, `-3`….");
            s.RequestExamples.Add(new(new { name = "authors" }));
            s.Responses[200] = "The sitemap.";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[404] = "No such sitemap: not a sitemap's name, or a list without URLs (a month without published articles, a page past the last).";
        });
    }

    public override async Task HandleAsync(SitemapRequest r, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ready = worker.Sitemaps.Serves(switches);
        // From the ready-made URLs (Distribution/Ready/ReadySitemaps) or the lists' counters and partial indexes
        // (ReadySitemapLists): the same ETag and bytes as the query path.
        var file = SitemapFile.Parse(r.Name);
        var etag = file is null ? null
            : !ready ? await SitemapQueries.ETagAsync(Db, now, file, ct)
            : file.Kind == SitemapKind.Articles ? await ReadySitemaps.ETagAsync(statement, now, file, ct)
            : await ReadySitemapLists.ETagAsync(statement, now, file, ct);
        if (file is null || etag is null)
        {
            await Send.NotFoundAsync(ct);
            return;
        }
        var site = await links.CurrentAsync(() => Db, ct);
        if (ready && file.Kind == SitemapKind.Articles)
        {
            await Send.OkAsync(new ReadySitemaps.ReadyUrlSet(etag, token => ReadySitemaps.FragmentsAsync(statement, () => Db, site, now, file, token)), ct);
            return;
        }
        await Send.OkAsync(new StreamedUrlSet(etag, token => ready
                ? ReadySitemapLists.UrlsAsync(statement, site, now, file, token)
                : SitemapQueries.UrlsAsync(Db, site, now, file, token),
            file.Kind.ToString().ToLowerInvariant()), ct);
    }
}

/// GET /api/v1/sitemaps/news.xml: the Google News sitemap.
sealed class NewsEndpoint(ArticlesDb db, SiteLinks links, TimeProvider time) : EndpointWithoutRequest<object>
{
    public override void Configure()
    {
        Get("/sitemaps/news.xml");
        Definition.Declare(ConditionalRead.Public);
        AllowAnonymous();
        Description(b => b.Produces<string>(200, SitemapXml.Type).Produces(304).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Google News sitemap";
            s.Description = "The articles published in the last 48 hours (by the server's clock), newest first, at most 1,000, with " +
                "`news:publication` (the site's `newsPublicationName`, or its name, and the article's language as Google News writes " +
                "it: ISO 639, `zh-cn`/`zh-tw`), `news:publication_date` and `news:title`. Valid against the sitemaps.org and Google News schemas.";
            s.Responses[200] = "The news sitemap.";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[404] = "No article was published in the last 48 hours. " + SitemapDocs.Empty;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // From the ready-made items (Distribution/Ready), the same bytes; else the query path.
        if (Resolve<ArticlesApi.Features.Articles.Ready.ReadySummaryWorker>().Feeds.Serves(Resolve<IConfiguration>())
            && await ArticlesApi.Features.Distribution.Ready.ReadyFeeds.NewsAsync(db, links, now, ct) is { } ready)
        {
            await Send.OkAsync(ready, ct);
            return;
        }
        var site = await links.CurrentAsync(db, ct);
        if (await NewsSitemap.ReadAsync(db, site, now, ct) is { } news)
            await Send.OkAsync(news, ct);
        else
            await Send.NotFoundAsync(ct);
    }
}
