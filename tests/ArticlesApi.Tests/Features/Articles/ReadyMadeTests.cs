using System.Net;
using System.Text.Json;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ArticlesApi.Tests.Features.Articles;

/// The sample newsroom on a clock that stands still, with the ready-made front page (Features/Articles/Ready) and its
/// background work run only when a test asks (ReadySummaryWorker.CatchUpAsync). Author and tag changes re-render in
/// their own transaction only up to 3 summaries, so that a test can see a larger fan-out served old until re-rendered.
public sealed class ReadyMadeApi : ApiFactory
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    public override TimeProvider Clock => Time;

    protected override bool SeedSampleContent => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(ScheduledPublication.IntervalSetting, "0");
        builder.UseSetting(ReadySummaryWorker.IntervalSetting, "0");
        builder.UseSetting(ReadySummaries.InlineFanOutSetting, "3");
    }
}

public sealed class ReadyMadeTests(ReadyMadeApi api) : IClassFixture<ReadyMadeApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _ready = api.CreateClient();

    /// The same API on the same database and clock, reading the front page by its query path.
    HttpClient QueryPath() => api.WithWebHostBuilder(b => b.UseSetting(ReadySummaryWorker.EnabledSetting, "false")).CreateClient();

    Task<long> CatchUpAsync() => api.Services.GetRequiredService<ReadySummaryWorker>().CatchUpAsync(_ct, wait: true);

    /// Every page of the public front page, `limit` at a time, from both paths: the bytes, ETag, Link and surrogate keys
    /// must be the same. Returns the ready-made pages' bodies.
    async Task<List<string>> SamePagesAsync(int limit)
    {
        using var queried = QueryPath();
        var pages = new List<string>();
        var url = $"/api/v1/articles?limit={limit}";
        while (true)
        {
            using var ready = await _ready.GetAsync(url, _ct);
            using var query = await queried.GetAsync(url, _ct);
            var readyBytes = await ready.Content.ReadAsByteArrayAsync(_ct);
            var queryBytes = await query.Content.ReadAsByteArrayAsync(_ct);
            ready.StatusCode.ShouldBe(HttpStatusCode.OK);
            query.StatusCode.ShouldBe(HttpStatusCode.OK);
            System.Text.Encoding.UTF8.GetString(readyBytes).ShouldBe(System.Text.Encoding.UTF8.GetString(queryBytes), url);
            readyBytes.ShouldBe(queryBytes);
            ready.ETag().ShouldBe(query.ETag());
            Header(ready, "Link").ShouldBe(Header(query, "Link"));
            Header(ready, "Surrogate-Key").ShouldBe(Header(query, "Surrogate-Key"));
            Header(ready, "Cache-Control").ShouldBe(Header(query, "Cache-Control"));
            var text = System.Text.Encoding.UTF8.GetString(readyBytes);
            pages.Add(text);
            var next = JsonDocument.Parse(text).RootElement.GetProperty("meta").GetProperty("nextCursor");
            if (next.ValueKind == JsonValueKind.Null)
                return pages;
            url = $"/api/v1/articles?limit={limit}&cursor={Uri.EscapeDataString(next.GetString()!)}";
        }
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    async Task<int> ExecuteAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        var changed = await command.ExecuteNonQueryAsync(_ct);
        // Written behind the API's back: its response cache is told, as a commit would tell it.
        api.Services.GetRequiredService<ContentGeneration>().Advance();
        return changed;
    }

    [Fact]
    public async Task The_Sample_Newsrooms_Front_Page_Is_The_Same_Bytes_From_Ready_Summaries_On_Every_Page()
    {
        await CatchUpAsync();
        (await SamePagesAsync(3)).Count.ShouldBeGreaterThan(2);
        (await SamePagesAsync(100)).Count.ShouldBe(1);
    }

    /// The page's one statement goes through EF's relational command (ReadyStatement), so the context's interceptors,
    /// the SQL counter among them, see it as every read's.
    [Fact]
    public async Task A_Ready_Front_Page_And_Its_Next_Page_Are_One_Sql_Command_Each()
    {
        await CatchUpAsync();
        // A limit no other test of this class reads: a page they left in the response cache would be sent without SQL.
        var (first, firstSql) = await CountedReadAsync("/api/v1/articles?limit=6");
        var next = JsonDocument.Parse(first).RootElement.GetProperty("meta").GetProperty("nextCursor").GetString()!;
        var (_, nextSql) = await CountedReadAsync($"/api/v1/articles?limit=6&cursor={Uri.EscapeDataString(next)}");

        firstSql.ShouldBe(1, "the ready-made page's statement");
        nextSql.ShouldBe(1, "the ready-made page's statement after the cursor");
    }

    /// The page's statement keeps PostgreSQL's generic plan once prepared (plan_cache_mode auto, as the API's auto-prepared
    /// statement runs) on a table of 1M articles' size: with the page's limit as a parameter in the branches, the generic
    /// plan's cost counted a tenth of each index and a custom plan was made at every read. The session's own temporary
    /// table of 200,000 summaries (with the table's indexes) stands in for the real one, which it hides in this session.
    [Fact]
    public async Task The_Front_Page_Statement_Keeps_Its_Generic_Plan_On_A_Large_Table()
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        async Task<List<string>> Run(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(_ct);
            var lines = new List<string>();
            while (await reader.ReadAsync(_ct))
                lines.Add(reader.GetValue(0).ToString()!);
            return lines;
        }
        await Run("CREATE TEMPORARY TABLE article_summaries_ready (LIKE public.article_summaries_ready INCLUDING DEFAULTS INCLUDING INDEXES)");
        await Run("""
            INSERT INTO article_summaries_ready (article_id, published_at, language, doc, keys)
            SELECT gen_random_uuid(), now() - i * interval '1 minute', 'en', convert_to('{"id":' || i || '}', 'UTF8'), ARRAY['article-' || i]
            FROM generate_series(1, 200000) i
            """);
        await Run("ANALYZE article_summaries_ready");
        await Run($"PREPARE front_page (timestamptz, integer) AS {ReadyFrontPage.FirstPage}");
        // Five custom plans, then the generic one when its estimated cost is not above theirs.
        for (var i = 0; i < 7; i++)
            await Run("EXECUTE front_page (now(), 21)");
        var plan = string.Join("\n", await Run("EXPLAIN EXECUTE front_page (now(), 21)"));

        plan.ShouldContain("published_at <= $1", customMessage: plan);
    }

    async Task<(string Body, int Sql)> CountedReadAsync(string url)
    {
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(SqlCommandCounter.Header, id);
        using var response = await _ready.SendAsync(request, _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadAsStringAsync(_ct), api.Services.GetRequiredService<SqlCommandCounter>().CountFor(id));
    }

    [Fact]
    public async Task The_Front_Page_Is_Read_From_The_Ready_Summary_And_A_Summary_To_Render_Sends_It_To_The_Query_Path()
    {
        await CatchUpAsync();
        var first = JsonDocument.Parse(await _ready.GetStringAsync("/api/v1/articles?limit=1", _ct)).RootElement.GetProperty("data")[0];
        var id = first.GetProperty("id").GetGuid();
        var title = first.GetProperty("title").GetString()!;
        var marked = first.GetRawText().Replace(JsonSerializer.Serialize(title), "\"ready-made\"");
        (await ExecuteAsync("UPDATE article_summaries_ready SET doc = convert_to($1, 'UTF8') WHERE article_id = $2", marked, id)).ShouldBe(1);

        (await _ready.GetStringAsync("/api/v1/articles?limit=1", _ct)).ShouldContain("\"title\":\"ready-made\"");

        await ExecuteAsync("UPDATE article_summaries_ready SET doc = NULL WHERE article_id = $1", id);
        (await _ready.GetStringAsync("/api/v1/articles?limit=1", _ct)).ShouldContain(JsonSerializer.Serialize(title));
        await CatchUpAsync();
        await SamePagesAsync(5);
    }

    [Fact]
    public async Task After_Random_Writes_Renames_And_Schedule_Changes_Every_Page_Is_Still_The_Query_Paths_Answer()
    {
        var editor = await api.EditorAsync();
        var random = new Random(20);
        var author = await editor.NewAuthorIdAsync();
        var tag = $"ready {Guid.NewGuid().ToString("N")[..8]}";
        var urls = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var body = Requests.Article(author.ToString()).With("tags", new[] { tag });
            var (_, _, url) = await editor.CreateArticleAsync(body);
            urls.Add(url);
            // Published now, in the past, or scheduled in the next hours.
            await editor.PublishNowEarlierOrLaterAsync(url, i, random, api.Time.GetUtcNow().UtcDateTime);
        }
        await SamePagesAsync(4);

        // Edits, an unpublish, a trash, a reschedule to the past.
        for (var i = 0; i < 4; i++)
        {
            var url = urls[random.Next(urls.Count)];
            var current = await editor.Client.GetAsync(url, _ct);
            var article = await current.JsonAsync();
            var edit = Requests.Article(author.ToString()).With("tags", new[] { tag, $"extra {i}" }).With("title", $"Edited {i} {Guid.NewGuid():N}");
            (await editor.Client.PutJsonAsync(url, edit, current.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await editor.Client.PostJsonAsync($"{urls[0]}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trashed = await editor.Client.GetAsync(urls[1], _ct);
        (await editor.Client.DeleteAsync(urls[1], trashed.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        (await editor.Client.PostJsonAsync($"{urls[2]}/publish", new { publishAt = api.Time.GetUtcNow().UtcDateTime.AddDays(-3).ToString("O") }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await SamePagesAsync(4);

        // A scheduled article appears at its time, with no job run.
        api.Time.Advance(TimeSpan.FromMinutes(90));
        await SamePagesAsync(4);
        api.Time.Advance(TimeSpan.FromMinutes(100));
        await SamePagesAsync(4);

        // The author is renamed on a few articles (in the write's transaction); the tag on more than 3 (in the background).
        var authorNow = await editor.Client.GetAsync($"/api/v1/authors/{author}", _ct);
        (await editor.Client.PutJsonAsync($"/api/v1/authors/{author}", new { name = $"Renamed {Guid.NewGuid():N}" }, authorNow.ETag()))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var tagNow = await editor.Client.GetAsync($"/api/v1/tags/{Slug(tag)}", _ct);
        var renamed = $"Renamed tag {Guid.NewGuid().ToString("N")[..8]}";
        (await editor.Client.PutJsonAsync($"/api/v1/tags/{Slug(tag)}", new { name = renamed }, tagNow.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        // More than 3 summaries show the tag: the old ones are served until the background re-renders them.
        (await _ready.GetStringAsync("/api/v1/articles?limit=100", _ct)).ShouldNotContain(renamed);

        (await CatchUpAsync()).ShouldBeGreaterThan(3);
        string.Join("", await SamePagesAsync(4)).ShouldContain(renamed);
    }

    static string Slug(string name) => name.Replace(' ', '-');

    [Fact]
    public async Task Readymade_Progress_Is_In_The_Readiness_Check()
    {
        await CatchUpAsync();
        var health = JsonDocument.Parse(await _ready.GetStringAsync("/health/ready", _ct)).RootElement;
        health.GetProperty("checks").GetProperty("readymade").GetProperty("description").GetString()!.ShouldContain("up to date");
    }

    /// Text that does not compress: random letters and spaces.
    static string Incompressible(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(i => i % 9 == 8 ? ' ' : (char)('a' + random.Next(26)))]);

    [Fact]
    public async Task The_Largest_Summary_The_Validators_Allow_Is_Written_And_Shown_On_The_Front_Page()
    {
        var editor = await api.EditorAsync();
        var random = new Random(2704);
        var authors = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var created = await editor.Client.PostJsonAsync("/api/v1/authors", new { name = Incompressible(random, 200), avatarUrl = $"https://img.example.com/{Incompressible(random, 150).Replace(' ', 'x')}.jpg" });
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(_ct));
            authors.Add((await created.JsonAsync()).GetProperty("id").GetGuid().ToString());
        }
        var body = Requests.Article([.. authors])
            .With("title", Incompressible(random, 300))
            .With("subtitle", Incompressible(random, 500))
            .With("excerpt", Incompressible(random, 1000))
            .With("excerptIsCustom", true)
            .With("tags", Enumerable.Range(0, 50).Select(_ => Incompressible(random, 100)).ToArray())
            .With("featureImage", new
            {
                url = $"https://img.example.com/{Incompressible(random, 300).Replace(' ', 'x')}.jpg",
                alt = Incompressible(random, 500),
                caption = Incompressible(random, 1000),
                credit = Incompressible(random, 300),
            });
        var (article, _, url) = await editor.CreateArticleAsync(body);
        var published = await editor.Client.PostJsonAsync($"{url}/publish", new { });
        published.StatusCode.ShouldBe(HttpStatusCode.OK, await published.Content.ReadAsStringAsync(_ct));
        var id = article.GetProperty("id").GetGuid();

        var first = JsonDocument.Parse(await _ready.GetStringAsync("/api/v1/articles?limit=1", _ct)).RootElement.GetProperty("data")[0];
        first.GetProperty("id").GetGuid().ShouldBe(id);
        first.GetRawText().Length.ShouldBeGreaterThan(3 * ReadySummaries.IndexedBytes);
        // Served ready-made (not by the query path because a summary is still to render), and the same bytes as the query path.
        await using (var connection = new NpgsqlConnection(api.Database.ConnectionString))
        {
            await connection.OpenAsync(_ct);
            await using var command = new NpgsqlCommand("SELECT doc IS NOT NULL AND NOT doc_in_index FROM article_summaries_ready WHERE article_id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            (await command.ExecuteScalarAsync(_ct)).ShouldBe(true);
        }
        await SamePagesAsync(2);
        await CatchUpAsync();
        await SamePagesAsync(7);
    }
}
