using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Features.Distribution.Ready;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ArticlesApi.Tests.Features.Distribution;

/// The sitemap index and the month files from the ready-made URLs (Features/Distribution/Ready/ReadySitemaps), on the
/// sample newsroom with a clock that stands still (ReadyMadeApi: background work only when a test asks): the same
/// bytes, ETag and headers as the query path, whatever was written, renamed, translated or scheduled.
public sealed partial class ReadySitemapTests(ReadyMadeApi api) : IClassFixture<ReadyMadeApi>, IAsyncDisposable
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _ready = api.CreateClient();

    /// The query path's host, started once per test: a host runs a catch-up of its own when it starts, which would
    /// render the rows a test leaves to be rendered before the ready path had to answer with them.
    WebApplicationFactory<Program>? _queryHost;

    public async ValueTask DisposeAsync()
    {
        if (_queryHost is not null)
            await _queryHost.DisposeAsync();
    }

    Task<long> CatchUpAsync() => api.Services.GetRequiredService<ReadySummaryWorker>().CatchUpAsync(_ct, wait: true);

    [GeneratedRegex("/sitemaps/([a-z0-9-]+)\\.xml</loc>")]
    private static partial Regex Listed();

    /// The index, every file it lists, a month without articles and a page past the last, from both paths (the query
    /// path on a host of its own, ReadyMade:Sitemaps false, so no response cache is shared). Returns the ready bodies.
    async Task<Dictionary<string, string>> SameAsync()
    {
        var index = await _ready.GetStringAsync("/api/v1/sitemaps/index.xml", _ct);
        var urls = new List<string> { "/api/v1/sitemaps/index.xml" };
        foreach (Match file in Listed().Matches(index))
            urls.Add($"/api/v1/sitemaps/{file.Groups[1].Value}.xml");
        if (_queryHost is null)
        {
            _queryHost = api.WithWebHostBuilder(b => b.UseSetting(ReadySitemaps.EnabledSetting, "false"));
            // Its start-up catch-up, finished before anything is left to render.
            await (_queryHost.Services.GetRequiredService<ReadySummaryWorker>().ExecuteTask ?? Task.CompletedTask);
        }
        var queryHost = _queryHost;
        // The writes went through the other host: this one learns of them now, not at its next poll of the change log.
        queryHost.Services.GetRequiredService<ContentGeneration>().Advance();
        var bodies = await ReadyFeedTests.SameAsync(_ready, queryHost, urls, _ct);
        // No such file (a month without articles, a page past the last): 404 from both (problems carry a trace id).
        using var queried = queryHost.CreateClient();
        foreach (var missing in new[] { "/api/v1/sitemaps/articles-1999-01.xml", urls.First(u => u.Contains("articles-")).Replace(".xml", "-2.xml") })
        {
            (await _ready.GetAsync(missing, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound, missing);
            (await queried.GetAsync(missing, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound, missing);
        }
        bodies["/api/v1/sitemaps/index.xml"].ShouldBe(index);
        return bodies;
    }

    async Task<object?> ExecuteAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        var result = await command.ExecuteScalarAsync(_ct);
        // Written behind the API's back: its response cache is told, as a commit would tell it.
        api.Services.GetRequiredService<ContentGeneration>().Advance();
        return result;
    }

    [Fact]
    public async Task The_Sample_Newsrooms_Sitemap_Index_And_Month_Files_Are_The_Same_Bytes_From_Ready_Urls()
    {
        await CatchUpAsync();
        ((long)(await ExecuteAsync("SELECT count(*) FROM sitemap_urls_ready WHERE url IS NULL"))!).ShouldBe(0);
        var bodies = await SameAsync();
        bodies.Keys.Count(k => k.Contains("/articles-2")).ShouldBeGreaterThan(1);
        bodies["/api/v1/sitemaps/index.xml"].ShouldContain("authors.xml</loc>");
    }

    [Fact]
    public async Task Month_Files_Are_Read_From_The_Ready_Urls_And_A_Url_To_Render_Is_Rendered_By_The_Query_Path()
    {
        await CatchUpAsync();
        await SameAsync();
        var id = (Guid)(await ExecuteAsync("SELECT article_id FROM sitemap_urls_ready ORDER BY published_at LIMIT 1"))!;
        var month = (DateTime)(await ExecuteAsync("SELECT month::timestamp FROM sitemap_urls_ready WHERE article_id = $1", id))!;
        var file = $"/api/v1/sitemaps/articles-{month:yyyy-MM}.xml";
        await ExecuteAsync("""
            UPDATE sitemap_urls_ready SET url = convert_to(replace(convert_from(url, 'UTF8'), '<loc>', '<loc>https://ready.invalid/'), 'UTF8')
            WHERE article_id = $1
            """, id);
        (await _ready.GetStringAsync(file, _ct)).ShouldContain("<loc>https://ready.invalid/");

        await ExecuteAsync("UPDATE sitemap_urls_ready SET url = NULL WHERE article_id = $1", id);
        (await _ready.GetStringAsync(file, _ct)).ShouldNotContain("ready.invalid");
        await SameAsync();
        (await CatchUpAsync()).ShouldBeGreaterThan(0);
        ((long)(await ExecuteAsync("SELECT count(*) FROM sitemap_urls_ready WHERE url IS NULL"))!).ShouldBe(0);
        await SameAsync();
    }

    [Fact]
    public async Task After_Random_Writes_Translations_Slug_Schedule_And_Site_Changes_The_Sitemaps_Are_Still_The_Query_Paths_Answer()
    {
        await CatchUpAsync();
        var editor = await api.EditorAsync();
        var random = new Random(21);
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var now = api.Time.GetUtcNow().UtcDateTime;
        var urls = new List<string>();
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var body = Requests.Article(author).With("language", i % 2 == 0 ? "it" : "en");
            if (i % 4 == 1)
                body = body.With("translationOf", ids[^1]);
            var (article, _, url) = await editor.CreateArticleAsync(body);
            urls.Add(url);
            ids.Add(article.GetProperty("id").GetString()!);
            // Published now, months ago, or scheduled in the next hours.
            var publishAt = (i % 3) switch
            {
                0 => (DateTime?)null,
                1 => now.AddDays(-random.Next(20, 200)),
                _ => now.AddMinutes(random.Next(1, 180)),
            };
            var published = await editor.Client.PostJsonAsync($"{url}/publish", publishAt is null ? new { } : new { publishAt = publishAt.Value.ToString("O") });
            published.StatusCode.ShouldBe(HttpStatusCode.OK, await published.Content.ReadAsStringAsync(_ct));
        }
        await SameAsync();

        // Edits (a new slug among them), a translation joining a group, an unpublish, a trash, a move to another month.
        for (var i = 0; i < 3; i++)
        {
            api.Time.Advance(TimeSpan.FromMinutes(1));
            var url = urls[random.Next(urls.Count)];
            var current = await editor.Client.GetAsync(url, _ct);
            var edit = JsonNode.Parse(await current.Content.ReadAsStringAsync(_ct))!.AsObject();
            var put = Requests.Article(author).With("language", edit["language"]!.GetValue<string>())
                .With("slug", $"renamed-{i}-{Guid.NewGuid().ToString("N")[..8]}").With("title", $"Edited {i} & <{Guid.NewGuid():N}>");
            if (edit["translationOf"] is { } of)
                put = put.With("translationOf", of.GetValue<string>());
            var response = await editor.Client.PutJsonAsync(url, put, current.ETag());
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        }
        var (german, _, germanUrl) = await editor.CreateArticleAsync(Requests.Article(author).With("language", "de").With("translationOf", ids[0]));
        (await editor.Client.PostJsonAsync($"{germanUrl}/publish", new { publishAt = now.AddDays(-3).ToString("O") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        // A translation scheduled later: its versions list it from its time on.
        var (french, _, frenchUrl) = await editor.CreateArticleAsync(Requests.Article(author).With("language", "fr").With("translationOf", ids[0]));
        (await editor.Client.PostJsonAsync($"{frenchUrl}/publish", new { publishAt = now.AddMinutes(150).ToString("O") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{urls[3]}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trashed = await editor.Client.GetAsync(urls[4], _ct);
        (await editor.Client.DeleteAsync(urls[4], trashed.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        (await editor.Client.PostJsonAsync($"{urls[5]}/publish", new { publishAt = now.AddDays(-400).ToString("O") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var bodies = await SameAsync();
        bodies.Values.ShouldContain(b => b.Contains("hreflang=\"de\""));
        bodies.Values.ShouldNotContain(b => b.Contains("hreflang=\"fr\""));

        // Scheduled articles and the French translation come due, with no job run; the index's lastmod follows.
        api.Time.Advance(TimeSpan.FromMinutes(100));
        await SameAsync();
        api.Time.Advance(TimeSpan.FromMinutes(100));
        // The versions rendered before the French one was due are stale now: rendered by the query path until the
        // background renders them.
        ((long)(await ExecuteAsync("SELECT count(*) FROM sitemap_urls_ready WHERE stale_at <= $1", api.Time.GetUtcNow().UtcDateTime))!).ShouldBeGreaterThan(1);
        (await SameAsync()).Values.ShouldContain(b => b.Contains("hreflang=\"fr\""));
        await CatchUpAsync();
        ((long)(await ExecuteAsync("SELECT count(*) FROM sitemap_urls_ready WHERE stale_at <= $1", api.Time.GetUtcNow().UtcDateTime))!).ShouldBe(0);
        await SameAsync();

        // The site's URL template changes: rows rendered with the old one are rendered by the query path until the
        // background has re-rendered them.
        var admin = await api.AdminAsync();
        var site = await admin.Client.GetAsync("/api/v1/site", _ct);
        var settings = JsonNode.Parse(await site.Content.ReadAsStringAsync(_ct))!.AsObject();
        settings["articleUrlTemplate"] = "{siteUrl}/news/{yyyy}/{slug}";
        (await admin.Client.PutJsonAsync("/api/v1/site", settings.ToJsonString(), site.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        const string OtherSite = "SELECT count(*) FROM sitemap_urls_ready WHERE site_version IS DISTINCT FROM (SELECT xmin::text::bigint FROM site)";
        ((long)(await ExecuteAsync(OtherSite))!).ShouldBeGreaterThan(0);
        (await SameAsync()).Values.ShouldContain(b => b.Contains("/news/"));
        await CatchUpAsync();
        ((long)(await ExecuteAsync(OtherSite))!).ShouldBe(0);
        (await SameAsync()).Values.ShouldContain(b => b.Contains("/news/"));
        ((long)(await ExecuteAsync("SELECT count(*) FROM sitemap_urls_ready WHERE url IS NULL"))!).ShouldBe(0);
        // The month counts are the rows' (the triggers' deltas, folded by the background, kept them through every write).
        ((long)(await ExecuteAsync("""
            SELECT count(*) FROM sitemap_months_ready m FULL JOIN (SELECT month, count(*) n FROM sitemap_urls_ready GROUP BY month) r
                ON r.month = m.month WHERE coalesce(m.urls, 0) <> coalesce(r.n, 0)
            """))!).ShouldBe(0);
        ((long)(await ExecuteAsync("SELECT count(*) FROM sitemap_month_deltas"))!).ShouldBe(0);
        _ = (german, french);
    }

    /// The resources a list counts now, and the counters the lists are read from (the triggers' deltas folded in).
    async Task ListCountersAreExactAsync()
    {
        await CatchUpAsync();
        ((long)(await ExecuteAsync("SELECT count(*) FROM sitemap_list_deltas"))!).ShouldBe(0);
        ((long)(await ExecuteAsync("""
            SELECT count(*) FROM sitemap_lists_ready r JOIN (
                SELECT 'authors' AS list, count(*) FILTER (WHERE published_article_count > 0) AS n FROM authors
                UNION ALL SELECT 'tags', count(*) FILTER (WHERE published_article_count > 0) FROM tags
                UNION ALL SELECT 'sources', count(*) FILTER (WHERE published_article_count > 0) FROM sources) c ON c.list = r.list
            WHERE r.urls = c.n
            """))!).ShouldBe(3);
    }

    [Fact]
    public async Task Authors_Tags_And_Sources_Sitemaps_Are_The_Query_Paths_Answer_Through_Writes_Renames_Deletes_And_Articles_Coming_Due()
    {
        await CatchUpAsync();
        var bodies = await SameAsync();
        bodies.Keys.ShouldContain("/api/v1/sitemaps/tags.xml");
        var editor = await api.EditorAsync();
        var random = new Random(20);
        var now = api.Time.GetUtcNow().UtcDateTime;

        // Resources of their own, carried only by articles scheduled in the next minutes: not listed until their time.
        var author = await editor.NewAuthorIdAsync();
        var source = await editor.NewSourceIdAsync();
        var tag = $"due-{Guid.NewGuid():N}"[..16];
        var (_, _, dueUrl) = await editor.CreateArticleAsync(Requests.Article(author.ToString()).With("tags", new[] { tag })
            .With("citations", new[] { new { source = source.ToString(), claim = "It was said." } }));
        (await editor.Client.PostJsonAsync($"{dueUrl}/publish", new { publishAt = now.AddMinutes(30).ToString("O") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var authorSlug = (await (await editor.Client.GetAsync($"/api/v1/authors/{author}", _ct)).JsonAsync()).GetProperty("slug").GetString()!;
        var sourceSlug = (await (await editor.Client.GetAsync($"/api/v1/sources/{source}", _ct)).JsonAsync()).GetProperty("slug").GetString()!;
        bodies = await SameAsync();
        bodies["/api/v1/sitemaps/tags.xml"].ShouldNotContain(tag);
        bodies["/api/v1/sitemaps/authors.xml"].ShouldNotContain($"/{authorSlug}<");
        bodies["/api/v1/sitemaps/sources.xml"].ShouldNotContain($"/{sourceSlug}<");

        // Its time comes, no job runs (ScheduledPublication is off): listed by both paths, the lastmods with them.
        api.Time.Advance(TimeSpan.FromMinutes(31));
        bodies = await SameAsync();
        bodies["/api/v1/sitemaps/tags.xml"].ShouldContain(tag);
        bodies["/api/v1/sitemaps/authors.xml"].ShouldContain($"/{authorSlug}<");
        bodies["/api/v1/sitemaps/sources.xml"].ShouldContain($"/{sourceSlug}<");

        // Random writes over existing resources: published now, earlier, or scheduled; then some come due.
        var authors = new List<Guid> { author, await editor.NewAuthorIdAsync(), await editor.NewAuthorIdAsync() };
        var sources = new List<Guid> { source, await editor.NewSourceIdAsync() };
        var tags = Enumerable.Range(0, 4).Select(i => $"lists-{i}-{Guid.NewGuid():N}"[..18]).ToArray();
        var urls = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var body = Requests.Article(authors[random.Next(authors.Count)].ToString())
                .With("tags", new[] { tags[random.Next(tags.Length)], tags[random.Next(tags.Length)] }.Distinct().ToArray())
                .With("citations", new[] { new { source = sources[random.Next(sources.Count)].ToString(), claim = "It was said." } });
            var (_, _, url) = await editor.CreateArticleAsync(body);
            urls.Add(url);
            await editor.PublishNowEarlierOrLaterAsync(url, i, random, api.Time.GetUtcNow().UtcDateTime);
        }
        await SameAsync();
        api.Time.Advance(TimeSpan.FromMinutes(90));
        await SameAsync();
        api.Time.Advance(TimeSpan.FromMinutes(100));
        await SameAsync();

        // Renames (a new slug), an unpublish and a trash that empty a list's resource, the promotion run at last.
        var authorNow = await editor.Client.GetAsync($"/api/v1/authors/{author}", _ct);
        (await editor.Client.PutJsonAsync($"/api/v1/authors/{author}", new { name = "Renamed Sitemap Author", slug = $"renamed-{author:N}" }, authorNow.ETag()))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var tagNow = await editor.Client.GetAsync($"/api/v1/tags/{tag}", _ct);
        tagNow.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PutJsonAsync($"/api/v1/tags/{tag}", new { name = "zzz sitemap renamed", slug = "zzz-sitemap-renamed" }, tagNow.ETag()))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        bodies = await SameAsync();
        bodies["/api/v1/sitemaps/tags.xml"].ShouldContain("zzz-sitemap-renamed");
        bodies["/api/v1/sitemaps/authors.xml"].ShouldContain($"renamed-{author:N}");
        (await editor.Client.PostJsonAsync($"{urls[0]}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trashed = await editor.Client.GetAsync(dueUrl, _ct);
        (await editor.Client.DeleteAsync(dueUrl, trashed.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        bodies = await SameAsync();
        bodies["/api/v1/sitemaps/tags.xml"].ShouldNotContain("zzz-sitemap-renamed");
        using (var scope = api.Services.CreateScope())
            (await ArticlesApi.Features.Articles.ScheduledPublication.PromoteDueAsync(scope.ServiceProvider.GetRequiredService<ArticlesApi.Data.ArticlesDb>(), _ct)).ShouldBeGreaterThan(0);
        await SameAsync();

        // Deletes: an author and a source without articles (never listed); a count written behind the API's back.
        var lonely = await editor.NewAuthorIdAsync();
        var lonelyNow = await editor.Client.GetAsync($"/api/v1/authors/{lonely}", _ct);
        (await editor.Client.DeleteAsync($"/api/v1/authors/{lonely}", lonelyNow.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        await ExecuteAsync("UPDATE tags SET published_article_count = 0 WHERE slug = $1", tags[1]);
        await SameAsync();
        await ListCountersAreExactAsync();
        await SameAsync();
    }
}
