using System.Net;
using System.Text.Json.Nodes;
using ArticlesApi.Features.Articles;
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

/// The unfiltered feeds and the news sitemap from the ready-made feed items (Features/Distribution/Ready), on the
/// sample newsroom with a clock that stands still (ReadyMadeApi: background work only when a test asks, author and tag
/// changes re-rendered in their own transaction only up to 3 items): the same bytes, ETag and headers as the query path.
public sealed class ReadyFeedTests(ReadyMadeApi api) : IClassFixture<ReadyMadeApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _ready = api.CreateClient();

    static readonly string[] Urls =
    [
        "/api/v1/feeds/rss", "/api/v1/feeds/atom", "/api/v1/feeds/json", "/api/v1/feeds/rss?limit=1", "/api/v1/feeds/atom?limit=4",
        "/api/v1/feeds/json?limit=100", "/api/v1/sitemaps/news.xml",
    ];

    Task<long> CatchUpAsync() => api.Services.GetRequiredService<ReadySummaryWorker>().CatchUpAsync(_ct, wait: true);

    /// Every route the ready-made items serve, from both paths (the query path on a host of its own, ReadyMade:Feeds
    /// false, so that no response cache is shared): status, bytes, ETag and headers must be the same. Returns the
    /// ready-made bodies by URL.
    Task<Dictionary<string, string>> SameAsync() => SameAsync(api, _ready, Urls, _ct);

    /// The same comparison for any API serving ready-made feeds (ReadyHorizonTests) and any URLs.
    internal static async Task<Dictionary<string, string>> SameAsync(ApiFactory api, HttpClient readyClient, IEnumerable<string> urls,
        CancellationToken ct)
    {
        await using var queryHost = api.WithWebHostBuilder(b => b.UseSetting(ReadyFeedItems.EnabledSetting, "false"));
        return await SameAsync(readyClient, queryHost, urls, ct);
    }

    /// The same comparison with any host answering by the query path (ReadySitemapTests: ReadyMade:Sitemaps false).
    internal static async Task<Dictionary<string, string>> SameAsync(HttpClient readyClient, WebApplicationFactory<Program> queryHost,
        IEnumerable<string> urls, CancellationToken ct)
    {
        using var queried = queryHost.CreateClient();
        var bodies = new Dictionary<string, string>();
        foreach (var url in urls)
        {
            using var ready = await readyClient.GetAsync(url, ct);
            using var query = await queried.GetAsync(url, ct);
            var readyBytes = await ready.Content.ReadAsByteArrayAsync(ct);
            var queryBytes = await query.Content.ReadAsByteArrayAsync(ct);
            ready.StatusCode.ShouldBe(query.StatusCode, url);
            FirstDifference(System.Text.Encoding.UTF8.GetString(readyBytes), System.Text.Encoding.UTF8.GetString(queryBytes)).ShouldBeNull(url);
            readyBytes.ShouldBe(queryBytes);
            ready.ETag().ShouldBe(query.ETag());
            foreach (var header in new[] { "Surrogate-Key", "Cache-Tag", "Cache-Control", "Vary" })
                Header(ready, header).ShouldBe(Header(query, header), $"{url} {header}");
            ready.Content.Headers.ContentType?.ToString().ShouldBe(query.Content.Headers.ContentType?.ToString(), url);
            bodies[url] = System.Text.Encoding.UTF8.GetString(readyBytes);
        }
        return bodies;
    }

    /// Where two bodies first differ, with some text around it in each; null when they are the same.
    static string? FirstDifference(string ready, string query)
    {
        if (ready == query)
            return null;
        var at = 0;
        while (at < ready.Length && at < query.Length && ready[at] == query[at])
            at++;
        var from = Math.Max(0, at - 80);
        return $"at {at} of {ready.Length}/{query.Length}: ready …{ready[from..Math.Min(ready.Length, at + 80)]}… query …{query[from..Math.Min(query.Length, at + 80)]}…";
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

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
    public async Task The_Sample_Newsrooms_Feeds_And_News_Sitemap_Are_The_Same_Bytes_From_Ready_Items()
    {
        await CatchUpAsync();
        var bodies = await SameAsync();
        bodies["/api/v1/feeds/rss"].ShouldContain("<item>");
        bodies["/api/v1/feeds/json?limit=100"].ShouldContain("\"items\":[{");
    }

    [Fact]
    public async Task Feeds_Are_Read_From_The_Ready_Items_And_An_Item_To_Render_Sends_Them_To_The_Query_Path()
    {
        await CatchUpAsync();
        var first = System.Text.Json.JsonDocument.Parse(await _ready.GetStringAsync("/api/v1/feeds/json?limit=1", _ct)).RootElement.GetProperty("items")[0];
        var newest = Guid.Parse(first.GetProperty("id").GetString()!["urn:uuid:".Length..]);
        await ExecuteAsync("""
            UPDATE feed_items_ready SET rss = convert_to(replace(convert_from(rss, 'UTF8'), '<title>', '<title>ready-made '), 'UTF8'),
                json = convert_to(replace(convert_from(json, 'UTF8'), '"title":"', '"title":"ready-made '), 'UTF8')
            WHERE article_id = $1
            """, newest);
        (await _ready.GetStringAsync("/api/v1/feeds/rss?limit=1", _ct)).ShouldContain("<item><title>ready-made ");
        (await _ready.GetStringAsync("/api/v1/feeds/json?limit=1", _ct)).ShouldContain("\"title\":\"ready-made ");

        await ExecuteAsync("UPDATE feed_items_ready SET rss = NULL WHERE article_id = $1", newest);
        (await _ready.GetStringAsync("/api/v1/feeds/rss?limit=1", _ct)).ShouldNotContain("ready-made");
        // Only the RSS fragment was emptied: the JSON feed is still served from its (marked) item.
        (await _ready.GetStringAsync("/api/v1/feeds/json?limit=1", _ct)).ShouldContain("\"title\":\"ready-made ");
        // The worker renders every format of a row whose rss is NULL.
        (await CatchUpAsync()).ShouldBeGreaterThan(0);
        await SameAsync();
    }

    [Fact]
    public async Task After_Random_Writes_Renames_Corrections_Schedule_And_Site_Changes_Every_Feed_Is_Still_The_Query_Paths_Answer()
    {
        await CatchUpAsync();
        var editor = await api.EditorAsync();
        var random = new Random(20);
        var author = await editor.NewAuthorIdAsync();
        var tag = $"feed {Guid.NewGuid().ToString("N")[..8]}";
        var urls = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var (_, _, url) = await editor.CreateArticleAsync(Requests.Article(author.ToString()).With("tags", new[] { tag }));
            urls.Add(url);
            // Published now, in the past, or scheduled in the next hours.
            var publishAt = (i % 3) switch
            {
                0 => (DateTime?)null,
                1 => api.Time.GetUtcNow().UtcDateTime.AddHours(-random.Next(1, 100)),
                _ => api.Time.GetUtcNow().UtcDateTime.AddMinutes(random.Next(1, 180)),
            };
            var published = await editor.Client.PostJsonAsync($"{url}/publish", publishAt is null ? new { } : new { publishAt = publishAt.Value.ToString("O") });
            published.StatusCode.ShouldBe(HttpStatusCode.OK, await published.Content.ReadAsStringAsync(_ct));
        }
        await SameAsync();

        // Edits, a correction, an unpublish, a trash, a reschedule to the past.
        for (var i = 0; i < 3; i++)
        {
            // Each edit a minute later: the feeds' own date (lastBuildDate, updated) is the newest item's change.
            api.Time.Advance(TimeSpan.FromMinutes(1));
            var url = urls[random.Next(urls.Count)];
            var current = await editor.Client.GetAsync(url, _ct);
            var edit = Requests.Article(author.ToString()).With("tags", new[] { tag, $"extra {i}" }).With("title", $"Edited {i} & <{Guid.NewGuid():N}>");
            (await editor.Client.PutJsonAsync(url, edit, current.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await editor.Client.PostJsonAsync($"{urls[3]}/corrections", new { kind = "correction", note = "The **date** was wrong." }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{urls[0]}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trashed = await editor.Client.GetAsync(urls[1], _ct);
        (await editor.Client.DeleteAsync(urls[1], trashed.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        (await editor.Client.PostJsonAsync($"{urls[2]}/publish", new { publishAt = api.Time.GetUtcNow().UtcDateTime.AddDays(-3).ToString("O") }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SameAsync())["/api/v1/feeds/rss"].ShouldContain("The &lt;strong&gt;date&lt;/strong&gt; was wrong.");

        // A scheduled article appears at its time, with no job run.
        api.Time.Advance(TimeSpan.FromMinutes(90));
        await SameAsync();
        api.Time.Advance(TimeSpan.FromMinutes(100));
        await SameAsync();

        // The author is renamed on a few items (in the write's transaction); the tag on more than 3 (in the background).
        var authorNow = await editor.Client.GetAsync($"/api/v1/authors/{author}", _ct);
        (await editor.Client.PutJsonAsync($"/api/v1/authors/{author}", new { name = $"Renamed {Guid.NewGuid():N}" }, authorNow.ETag()))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var slug = tag.Replace(' ', '-');
        var tagNow = await editor.Client.GetAsync($"/api/v1/tags/{slug}", _ct);
        var renamed = $"Renamed tag {Guid.NewGuid().ToString("N")[..8]}";
        (await editor.Client.PutJsonAsync($"/api/v1/tags/{slug}", new { name = renamed }, tagNow.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        // More than 3 items show the tag: the old ones are served until the background re-renders them.
        (await _ready.GetStringAsync("/api/v1/feeds/json?limit=100", _ct)).ShouldNotContain(renamed);
        (await CatchUpAsync()).ShouldBeGreaterThan(3);
        (await SameAsync())["/api/v1/feeds/json?limit=100"].ShouldContain(renamed);

        // The site's URL template changes: the items rendered with the old one are never served (the query path answers)
        // until the background has re-rendered them.
        var admin = await api.AdminAsync();
        var site = await admin.Client.GetAsync("/api/v1/site", _ct);
        var settings = JsonNode.Parse(await site.Content.ReadAsStringAsync(_ct))!.AsObject();
        settings["articleUrlTemplate"] = "{siteUrl}/news/{yyyy}/{slug}";
        (await admin.Client.PutJsonAsync("/api/v1/site", settings.ToJsonString(), site.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _ready.GetStringAsync("/api/v1/feeds/rss", _ct)).ShouldContain("/news/");
        (await _ready.GetStringAsync("/api/v1/sitemaps/news.xml", _ct)).ShouldContain("/news/");
        ((long)(await ExecuteAsync("SELECT count(*) FROM feed_items_ready WHERE site_updated_at < (SELECT updated_at FROM site)"))!).ShouldBeGreaterThan(0);
        (await CatchUpAsync()).ShouldBeGreaterThan(0);
        (await SameAsync())["/api/v1/feeds/atom?limit=4"].ShouldContain("/news/");
        ((long)(await ExecuteAsync("SELECT count(*) FROM feed_items_ready WHERE rss IS NULL OR site_updated_at IS NULL"))!).ShouldBe(0);
    }

    /// Text that does not compress: random letters and spaces.
    static string Incompressible(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(i => i % 9 == 8 ? ' ' : (char)('a' + random.Next(26)))]);

    [Fact]
    public async Task The_Largest_Body_The_Validators_Allow_Is_Written_And_Served_From_Its_Ready_Item()
    {
        await CatchUpAsync();
        var editor = await api.EditorAsync();
        var random = new Random(500);
        var markdown = string.Join("\n\n", Enumerable.Range(0, 1_100).Select(_ => "<b>&</b> " + Incompressible(random, 480)))[..ArticleInputRules.MaxMarkdownLength];
        var (article, _, url) = await editor.CreateArticleAsync(Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("body", new { markdown }));
        var published = await editor.Client.PostJsonAsync($"{url}/publish", new { });
        published.StatusCode.ShouldBe(HttpStatusCode.OK, await published.Content.ReadAsStringAsync(_ct));
        var id = article.GetProperty("id").GetGuid();

        // Rendered in the write's transaction: served ready-made, not by the query path for want of an item.
        ((bool)(await ExecuteAsync("SELECT rss IS NOT NULL AND length(rss) > $2 FROM feed_items_ready WHERE article_id = $1", id, ArticleInputRules.MaxMarkdownLength))!)
            .ShouldBeTrue();
        var bodies = await SameAsync();
        bodies["/api/v1/feeds/rss?limit=1"].Length.ShouldBeGreaterThan(ArticleInputRules.MaxMarkdownLength);
        bodies["/api/v1/feeds/rss?limit=1"].ShouldContain($"urn:uuid:{id}");
    }
}
