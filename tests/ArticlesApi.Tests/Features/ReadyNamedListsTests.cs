using System.Net;
using System.Text;
using System.Text.Json;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Features.ReadyNamed;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ArticlesApi.Tests.Features;

/// The public lists of authors, tags and sources, by name and by articleCount, from the ready-made rows (ReadyNamedLists):
/// every page of a cursor walk of each list is the query path's (ReadyMade:NamedLists=false) byte for byte, with its
/// ETag, Link and surrogate keys, over the sample newsroom and after writes, renames (which reorder the list), deletes,
/// scheduled articles reaching their time (FakeClock) before and after they are promoted, and writes behind the API's back.
public sealed class ReadyNamedListsTests(ReadyMadeApi api) : IClassFixture<ReadyMadeApi>, IDisposable
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// The same API on the same database and clock, with the lists read by their query path (one host for the test,
    /// without a response cache: the writes go through the other host, whose cache they empty).
    readonly WebApplicationFactory<Program> _queryPath = api.WithWebHostBuilder(b => b
        .UseSetting(ReadyNamedLists.EnabledSetting, "false")
        .UseSetting($"{CachingOptions.Section}:{nameof(CachingOptions.Enabled)}", "false"));

    public void Dispose() => _queryPath.Dispose();

    static readonly string[] Kinds = ["authors", "tags", "sources"];

    static readonly string[] Headers = ["ETag", "Link", "Surrogate-Key", "Cache-Tag", "Cache-Control", "Vary", "Content-Type"];

    HttpClient QueryPath(string? key = null) => WithKey(_queryPath.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), key);

    HttpClient Ready(string? key = null) => WithKey(api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), key);

    static HttpClient WithKey(HttpClient client, string? key)
    {
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    Task<long> CatchUpAsync() => api.Services.GetRequiredService<ReadySummaryWorker>().CatchUpAsync(_ct, wait: true);

    /// Walks the list `query` on both paths, each following its own cursors: every page the same status, bytes and
    /// headers, and a 304 from the ready path for the query path's ETag. Returns the items listed.
    async Task<int> SameWalkAsync(string query, string? key = null)
    {
        using var queried = QueryPath(key);
        using var ready = Ready(key);
        var url = $"/api/v1/{query}";
        var items = 0;
        for (var pages = 0; ; pages++)
        {
            pages.ShouldBeLessThan(500, url);
            using var fromReady = await ready.GetAsync(url, _ct);
            using var fromQuery = await queried.GetAsync(url, _ct);
            var readyBytes = await fromReady.Content.ReadAsByteArrayAsync(_ct);
            var queryBytes = await fromQuery.Content.ReadAsByteArrayAsync(_ct);
            fromReady.StatusCode.ShouldBe(fromQuery.StatusCode, url);
            if (fromReady.StatusCode != HttpStatusCode.OK)
                return items;
            Encoding.UTF8.GetString(readyBytes).ShouldBe(Encoding.UTF8.GetString(queryBytes), url);
            readyBytes.ShouldBe(queryBytes, url);
            foreach (var header in Headers)
                Header(fromReady, header).ShouldBe(Header(fromQuery, header), $"{header} of {url}");
            using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.TryAddWithoutValidation("If-None-Match", fromQuery.ETag());
            (await ready.SendAsync(conditional, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotModified, url);
            var page = JsonDocument.Parse(readyBytes).RootElement;
            items += page.GetProperty("data").GetArrayLength();
            if (page.GetProperty("meta").GetProperty("nextCursor").GetString() is not { } next)
                return items;
            url = $"/api/v1/{query}{(query.Contains('?') ? '&' : '?')}cursor={Uri.EscapeDataString(next)}";
        }
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values) : null;

    /// Every list walked with a few page sizes, with and without total, by default, with `sort=name` and by articleCount
    /// both ways.
    async Task EveryListTheSameAsync(params string[] queries)
    {
        foreach (var kind in Kinds)
        {
            var listed = await SameWalkAsync($"{kind}?limit=2");
            (await SameWalkAsync($"{kind}?limit=3&total=true")).ShouldBe(listed, kind);
            (await SameWalkAsync($"{kind}?sort=name&limit=100")).ShouldBe(listed, kind);
            (await SameWalkAsync(kind)).ShouldBe(listed, kind);
            (await SameWalkAsync($"{kind}?sort=-articleCount&limit=2")).ShouldBe(listed, kind);
            (await SameWalkAsync($"{kind}?sort=articleCount&limit=3&total=true")).ShouldBe(listed, kind);
            (await SameWalkAsync($"{kind}?sort=-articleCount&limit=100&total=true")).ShouldBe(listed, kind);
        }
        foreach (var query in queries)
            await SameWalkAsync(query);
    }

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

    /// What ScheduledPublication does every minute: the due scheduled articles' stored status becomes published (and the
    /// stored counts hold them). The public answers do not change; the response cache is emptied (as the change poller
    /// would, later) so that the next read shows which path answers.
    async Task<int> PromoteDueAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var promoted = await ScheduledPublication.PromoteDueAsync(scope.ServiceProvider.GetRequiredService<ArticlesDb>(), _ct);
        api.Services.GetRequiredService<ContentGeneration>().Advance();
        return promoted;
    }

    [Fact]
    public async Task Every_Page_Of_Every_Sample_List_By_Name_Is_The_Query_Paths_Bytes_Anonymous_And_With_A_Reader_Key()
    {
        await CatchUpAsync();
        var reader = await api.CallerAsync(Role.Reader);
        await EveryListTheSameAsync("tags?limit=1&total=true", "authors?limit=100&total=true", "sources?limit=1",
            "authors?sort=-articleCount&limit=1&total=true", "tags?sort=articleCount&limit=1", "sources?sort=-articleCount&limit=1&total=true",
            // Not ready-made, the same through both: a cursor of another list or sort, a cursor that is not one.
            "sources?cursor=not-a-cursor", "tags?sort=articleCount&cursor=not-a-cursor", "tags?limit=0");
        (await SameWalkAsync("tags?limit=2&total=true", reader.Secret)).ShouldBeGreaterThan(2);
        (await SameWalkAsync("authors?limit=4", reader.Secret)).ShouldBeGreaterThan(2);
        (await SameWalkAsync("sources?limit=100&total=true", reader.Secret)).ShouldBeGreaterThan(2);

        // Cursors are interchangeable: the query path's cursor of one list is read by the ready path and back.
        using var queried = QueryPath();
        var first = await (await queried.GetAsync("/api/v1/authors?limit=2", _ct)).JsonAsync();
        var next = first.GetProperty("meta").GetProperty("nextCursor").GetString()!;
        await SameWalkAsync($"authors?limit=2&cursor={Uri.EscapeDataString(next)}");
        using var ready = Ready();
        (await ready.GetAsync($"/api/v1/tags?limit=2&cursor={Uri.EscapeDataString(next)}", _ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ready.GetAsync($"/api/v1/authors?sort=-articleCount&limit=2&cursor={Uri.EscapeDataString(next)}", _ct))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var byCount = await (await queried.GetAsync("/api/v1/sources?sort=-articleCount&limit=2", _ct)).JsonAsync();
        next = byCount.GetProperty("meta").GetProperty("nextCursor").GetString()!;
        await SameWalkAsync($"sources?sort=-articleCount&limit=2&cursor={Uri.EscapeDataString(next)}");
        (await ready.GetAsync($"/api/v1/sources?sort=articleCount&limit=2&cursor={Uri.EscapeDataString(next)}", _ct))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_List_Is_Served_From_The_Ready_Rows_And_An_Item_To_Render_Sends_The_Page_To_The_Query_Path()
    {
        await CatchUpAsync();
        using var ready = Ready();
        var author = (await (await ready.GetAsync("/api/v1/authors?limit=1", _ct)).JsonAsync()).GetProperty("data")[0];
        var id = author.GetProperty("id").GetGuid();
        var name = JsonSerializer.Serialize(author.GetProperty("name").GetString());
        var marked = "\"" + new string('z', Encoding.UTF8.GetByteCount(name) - 2) + "\"";
        // Same length: the stored offsets of the url and the count stay right.
        (await ExecuteAsync("UPDATE named_resources_ready SET doc = convert_to(replace(convert_from(doc, 'UTF8'), $1, $2), 'UTF8') WHERE id = $3",
            name, marked, id)).ShouldBe(1);
        (await ready.GetStringAsync("/api/v1/authors?limit=1", _ct)).ShouldContain($"\"name\":{marked}");
        (await ready.GetStringAsync("/api/v1/authors?limit=1&total=true", _ct)).ShouldContain($"\"name\":{marked}");
        // By articleCount too, while no scheduled article is due and not yet promoted.
        await PromoteDueAsync();
        (await ready.GetStringAsync("/api/v1/authors?sort=-articleCount&limit=100", _ct)).ShouldContain($"\"name\":{marked}");
        (await ready.GetStringAsync("/api/v1/authors?sort=articleCount&limit=100&total=true", _ct)).ShouldContain($"\"name\":{marked}");

        // The row after the page is not written: its doc may be still to render.
        var second = (await (await ready.GetAsync("/api/v1/authors?limit=2", _ct)).JsonAsync()).GetProperty("data")[1].GetProperty("id").GetGuid();
        await ExecuteAsync("UPDATE named_resources_ready SET doc = NULL WHERE id = $1", second);
        (await ready.GetStringAsync("/api/v1/authors?limit=1", _ct)).ShouldContain($"\"name\":{marked}");
        (await ready.GetStringAsync("/api/v1/authors?limit=2", _ct)).ShouldNotContain(marked);

        await ExecuteAsync("UPDATE named_resources_ready SET doc = NULL WHERE id = $1", id);
        (await ready.GetStringAsync("/api/v1/authors?limit=1", _ct)).ShouldContain($"\"name\":{name}");
        await SameWalkAsync("authors?limit=1");
        // No row at all (written while the triggers were off): the query path too.
        await ExecuteAsync("DELETE FROM named_resources_ready WHERE id = $1", id);
        await SameWalkAsync("authors?limit=1");
        await CatchUpAsync();
        await SameWalkAsync("authors?limit=1");
        await ExecuteAsync("INSERT INTO named_resources_ready (id, kind) VALUES ($1, 'author')", id);
        await CatchUpAsync();
        (await ready.GetStringAsync("/api/v1/authors?limit=1", _ct)).ShouldContain($"\"name\":{name}");
        await SameWalkAsync("authors?limit=1&total=true");
    }

    [Fact]
    public async Task A_Scheduled_Article_Due_And_Not_Yet_Promoted_Sends_The_Lists_By_Count_To_The_Query_Path_Until_Promoted()
    {
        await CatchUpAsync();
        await PromoteDueAsync();
        using var ready = Ready();
        const string top = "/api/v1/authors?sort=-articleCount&limit=1";
        var author = (await (await ready.GetAsync(top, _ct)).JsonAsync()).GetProperty("data")[0];
        var id = author.GetProperty("id").GetGuid();
        var count = author.GetProperty("articleCount").GetInt32();
        var name = JsonSerializer.Serialize(author.GetProperty("name").GetString());
        var marked = "\"" + new string('y', Encoding.UTF8.GetByteCount(name) - 2) + "\"";
        // Marks the stored doc (same length: the stored offsets stay right) to see which path answers.
        (await ExecuteAsync("UPDATE named_resources_ready SET doc = convert_to(replace(convert_from(doc, 'UTF8'), $1, $2), 'UTF8') WHERE id = $3",
            name, marked, id)).ShouldBe(1);
        try
        {
            await DueAndPromotedAsync(ready, top, id, count, name, marked);
        }
        finally
        {
            // Rendered again, for the other tests of the fixture.
            await ExecuteAsync("UPDATE named_resources_ready SET doc = NULL WHERE id = $1", id);
            await CatchUpAsync();
        }
        await SameWalkAsync("authors?sort=-articleCount&limit=3&total=true");
    }

    /// A scheduled article of `id`, the first of `top` (`count` articles, its stored doc showing `marked` for `name`),
    /// before its time, at its time and promoted.
    async Task DueAndPromotedAsync(HttpClient ready, string top, Guid id, int count, string name, string marked)
    {
        (await ready.GetStringAsync(top, _ct)).ShouldContain($"\"name\":{marked}");

        var editor = await api.EditorAsync();
        var (_, _, url) = await editor.CreateArticleAsync(Requests.Article(id.ToString()));
        (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = api.Time.GetUtcNow().UtcDateTime.AddMinutes(1).ToString("O") }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await (await ready.GetAsync(top, _ct)).JsonAsync();
        before.GetProperty("data")[0].GetProperty("articleCount").GetInt32().ShouldBe(count, "scheduled for later");
        before.GetProperty("data")[0].GetProperty("name").GetString().ShouldBe(JsonSerializer.Deserialize<string>(marked));

        // Its time has come, no job has run: the stored count misses it, so the index's order is not the list's.
        api.Time.Advance(TimeSpan.FromMinutes(2));
        var due = await (await ready.GetAsync(top, _ct)).JsonAsync();
        due.GetProperty("data")[0].GetProperty("articleCount").GetInt32().ShouldBe(count + 1, "counted from its time on");
        due.GetProperty("data")[0].GetProperty("name").GetString().ShouldBe(JsonSerializer.Deserialize<string>(name), "the query path's");
        await SameWalkAsync("authors?sort=-articleCount&limit=3&total=true");
        await SameWalkAsync("tags?sort=articleCount&limit=3");
        // By name, the ready rows still answer (each item's due articles are added by the statement).
        (await ready.GetStringAsync("/api/v1/authors?limit=100", _ct)).ShouldContain($"\"name\":{marked}");

        (await PromoteDueAsync()).ShouldBeGreaterThanOrEqualTo(1);
        var promoted = await (await ready.GetAsync(top, _ct)).JsonAsync();
        promoted.GetProperty("data")[0].GetProperty("articleCount").GetInt32().ShouldBe(count + 1, "now the stored count");
        promoted.GetProperty("data")[0].GetProperty("name").GetString().ShouldBe(JsonSerializer.Deserialize<string>(marked), "the ready rows again");
    }

    [Fact]
    public async Task After_Random_Writes_Renames_Deletes_And_Scheduled_Articles_Coming_Due_Every_Page_Is_Still_The_Query_Paths()
    {
        var editor = await api.EditorAsync();
        var random = new Random(2031);
        string Word() => new([.. Enumerable.Range(0, random.Next(3, 9)).Select(_ => (char)(random.Next(2) == 0 ? 'a' + random.Next(26) : 'A' + random.Next(26)))]);

        // New authors, some with the name of another (equal names in id order), sources and tags.
        var authors = new List<Guid>();
        var names = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var name = i % 3 == 2 ? names[^1] : $"{Word()} {Word()}";
            names.Add(name);
            var created = await editor.Client.PostJsonAsync("/api/v1/authors", new { name, slug = $"lists-{Guid.NewGuid():N}"[..20] });
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(_ct));
            authors.Add((await created.JsonAsync()).GetProperty("id").GetGuid());
        }
        var sources = new List<Guid>();
        for (var i = 0; i < 4; i++)
            sources.Add(await editor.NewSourceIdAsync());
        var tags = Enumerable.Range(0, 5).Select(_ => $"lists {Word()}").ToArray();
        await EveryListTheSameAsync();

        // Articles published now, in the past, and scheduled within the next 3 hours (tags only they carry are not
        // listed for the public until the first is due).
        var urls = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var body = Requests.Article(authors[random.Next(authors.Count)].ToString())
                .With("tags", new[] { tags[random.Next(tags.Length)], tags[random.Next(tags.Length)] }.Distinct().ToArray())
                .With("citations", new[] { new { source = sources[random.Next(sources.Count)].ToString(), claim = "It was said." } });
            var (_, _, url) = await editor.CreateArticleAsync(body);
            urls.Add(url);
            await editor.PublishNowEarlierOrLaterAsync(url, i, random, api.Time.GetUtcNow().UtcDateTime);
        }
        await EveryListTheSameAsync("tags?limit=1&total=true");

        // Scheduled articles count (and their tags are listed) from their time on, with no job run.
        api.Time.Advance(TimeSpan.FromMinutes(60));
        await EveryListTheSameAsync("tags?limit=1&total=true");
        api.Time.Advance(TimeSpan.FromMinutes(130));
        await EveryListTheSameAsync("tags?limit=1&total=true");
        // Promoted (as ScheduledPublication does every minute): the stored counts hold them, the lists by count are ready-made again.
        (await PromoteDueAsync()).ShouldBeGreaterThanOrEqualTo(1);
        await EveryListTheSameAsync("tags?limit=1&total=true", "tags?sort=-articleCount&limit=1&total=true");

        // Renames that move an item to the other end of the list, an unpublish, a trash.
        foreach (var (author, name) in new[] { (authors[0], "Aaaa First Now"), (authors[4], "Zzzz Last Now") })
        {
            var now = await editor.Client.GetAsync($"/api/v1/authors/{author}", _ct);
            (await editor.Client.PutJsonAsync($"/api/v1/authors/{author}", new { name, slug = $"renamed-{author:N}" }, now.ETag()))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var sourceNow = await editor.Client.GetAsync($"/api/v1/sources/{sources[1]}", _ct);
        (await editor.Client.PutJsonAsync($"/api/v1/sources/{sources[1]}", new { name = "AAA Renamed source", kind = "media" }, sourceNow.ETag()))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var tagNow = await editor.Client.GetAsync($"/api/v1/tags/{tags[0].Replace(' ', '-')}", _ct);
        if (tagNow.StatusCode == HttpStatusCode.OK)
            (await editor.Client.PutJsonAsync($"/api/v1/tags/{tags[0].Replace(' ', '-')}", new { name = "zzz lists renamed", slug = "zzz-lists-renamed" },
                tagNow.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{urls[0]}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trashed = await editor.Client.GetAsync(urls[1], _ct);
        (await editor.Client.DeleteAsync(urls[1], trashed.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        await EveryListTheSameAsync("authors?limit=1&total=true", "sources?limit=1&total=true");

        // Deletes: an author and a source with no article.
        var lonely = await editor.Client.PostJsonAsync("/api/v1/authors", new { name = "Lonely Lists Author" });
        var lonelyId = (await lonely.JsonAsync()).GetProperty("id").GetGuid();
        await SameWalkAsync("authors?limit=1");
        var lonelyNow = await editor.Client.GetAsync($"/api/v1/authors/{lonelyId}", _ct);
        (await editor.Client.DeleteAsync($"/api/v1/authors/{lonelyId}", lonelyNow.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        var deletable = await editor.NewSourceIdAsync();
        var deletableNow = await editor.Client.GetAsync($"/api/v1/sources/{deletable}", _ct);
        (await editor.Client.DeleteAsync($"/api/v1/sources/{deletable}", deletableNow.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        await EveryListTheSameAsync();

        // Written behind the API's back: a rename emptied by the triggers, answered by the query path until rendered.
        await ExecuteAsync("UPDATE authors SET name = 'Mmmm Renamed With SQL' WHERE id = $1", authors[2]);
        await ExecuteAsync("UPDATE tags SET published_article_count = 0 WHERE slug = $1", tags[1].Replace(' ', '-'));
        await EveryListTheSameAsync("authors?limit=1&total=true");
        await CatchUpAsync();
        await EveryListTheSameAsync("authors?limit=1&total=true", "tags?limit=1&total=true");
    }
}

/// A newsroom with no author, tag or source (nothing seeded); the ready-made lists' settings of ReadyMadeApi.
public sealed class EmptyNewsroomApi : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(ScheduledPublication.IntervalSetting, "0");
        builder.UseSetting(ReadySummaryWorker.IntervalSetting, "0");
    }
}

/// An empty list by name with `total=true` (a site with no published tag): no row carries the total, and the ready path
/// answers it (total 0) with the query path's bytes and headers, in as many statements as the same page without total.
public sealed class ReadyNamedListsEmptyTests(EmptyNewsroomApi api) : IClassFixture<EmptyNewsroomApi>, IDisposable
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    readonly WebApplicationFactory<Program> _queryPath = api.WithWebHostBuilder(b => b
        .UseSetting(ReadyNamedLists.EnabledSetting, "false")
        .UseSetting($"{CachingOptions.Section}:{nameof(CachingOptions.Enabled)}", "false"));

    public void Dispose() => _queryPath.Dispose();

    static readonly string[] Headers = ["ETag", "Link", "Surrogate-Key", "Cache-Tag", "Cache-Control", "Vary", "Content-Type"];

    async Task<(HttpResponseMessage Response, byte[] Body, int Sql)> ReadAsync(HttpClient client, SqlCommandCounter counter, string url)
    {
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(SqlCommandCounter.Header, id);
        var response = await client.SendAsync(request, _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return (response, await response.Content.ReadAsByteArrayAsync(_ct), counter.CountFor(id));
    }

    [Theory]
    [InlineData("tags", 7)]
    [InlineData("authors", 8)]
    [InlineData("sources", 9)]
    public async Task An_Empty_List_With_Total_Is_Answered_By_The_Ready_Path_With_The_Query_Paths_Bytes(string kind, int limit)
    {
        using var ready = api.CreateClient();
        using var queried = _queryPath.CreateClient();
        var readyCounter = api.Services.GetRequiredService<SqlCommandCounter>();
        // Loads what the API keeps between requests (the site's links), so that both counted reads find it loaded.
        await ReadAsync(ready, readyCounter, $"/api/v1/{kind}?limit={limit + 10}");
        // A limit per list that no other read uses: a page left in the response cache would be sent without SQL.
        var (_, _, withoutTotal) = await ReadAsync(ready, readyCounter, $"/api/v1/{kind}?limit={limit}");
        var url = $"/api/v1/{kind}?limit={limit}&total=true";
        var (fromReady, readyBytes, withTotal) = await ReadAsync(ready, readyCounter, url);
        var (fromQuery, queryBytes, queryPathSql) = await ReadAsync(queried, _queryPath.Services.GetRequiredService<SqlCommandCounter>(), url);

        Encoding.UTF8.GetString(readyBytes).ShouldBe(Encoding.UTF8.GetString(queryBytes), url);
        readyBytes.ShouldBe(queryBytes, url);
        JsonDocument.Parse(readyBytes).RootElement.GetProperty("meta").GetProperty("total").GetInt32().ShouldBe(0);
        foreach (var header in Headers)
            Header(fromReady, header).ShouldBe(Header(fromQuery, header), $"{header} of {url}");
        withTotal.ShouldBe(withoutTotal, "the ready-made statement alone, as without total");
        withTotal.ShouldBeLessThan(queryPathSql, "the query path's statements were not sent");
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values) : null;
}
