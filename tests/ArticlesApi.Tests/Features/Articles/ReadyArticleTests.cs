using System.Net;
using System.Text;
using System.Text.Json;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ArticlesApi.Tests.Features.Articles;

/// The public read of one article (GET /articles/{idOrSlug}) from the ready-made docs (Features/Articles/Ready/
/// ReadyArticles) against the same API reading it by its query path (ReadyMade:Article=false): same bytes, ETag and
/// headers, by id and by slug, in every `formats`, over the sample newsroom and after writes, renames, corrections,
/// translations and schedule changes on a clock that stands still (ReadyMadeApi: author, tag and source changes
/// re-rendered in their own transaction up to 3 articles, beyond by ReadySummaryWorker when the test runs it).
public sealed partial class ReadyArticleTests(ReadyMadeApi api) : IClassFixture<ReadyMadeApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _ready = api.CreateClient();

    static readonly string?[] Formats = [null, "markdown", "html", "text", "markdown,html", "text,markdown", "html,text", "markdown,html,text"];

    HttpClient QueryPath() => api.WithWebHostBuilder(b => b.UseSetting(ReadyArticles.EnabledSetting, "false")).CreateClient();

    Task<long> CatchUpAsync() => api.Services.GetRequiredService<ReadySummaryWorker>().CatchUpAsync(_ct, wait: true);

    [System.Text.RegularExpressions.GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    /// Each of `keys` (ids and slugs) in every `formats` from both paths: same status, bytes, ETag and headers.
    /// Returns the ready-made bodies of the answers with every format.
    async Task<List<string>> SameArticlesAsync(IEnumerable<string> keys, string?[]? formats = null)
    {
        using var queried = QueryPath();
        var bodies = new List<string>();
        foreach (var key in keys)
            foreach (var format in formats ?? Formats)
            {
                var url = $"/api/v1/articles/{key}{(format is null ? "" : $"?formats={format}")}";
                using var ready = await _ready.GetAsync(url, _ct);
                using var query = await queried.GetAsync(url, _ct);
                var readyBytes = await ready.Content.ReadAsByteArrayAsync(_ct);
                var queryBytes = await query.Content.ReadAsByteArrayAsync(_ct);
                ready.StatusCode.ShouldBe(query.StatusCode, url);
                if (ready.StatusCode != HttpStatusCode.OK)
                {
                    // A problem names its request's trace: the rest is the same.
                    TraceId().Replace(Encoding.UTF8.GetString(readyBytes), "").ShouldBe(TraceId().Replace(Encoding.UTF8.GetString(queryBytes), ""), url);
                    continue;
                }
                Encoding.UTF8.GetString(readyBytes).ShouldBe(Encoding.UTF8.GetString(queryBytes), url);
                readyBytes.ShouldBe(queryBytes, url);
                ready.ETag().ShouldBe(query.ETag(), url);
                foreach (var header in new[] { "Surrogate-Key", "Cache-Tag", "Cache-Control", "Vary", "Location" })
                    Header(ready, header).ShouldBe(Header(query, header), $"{url} {header}");
                if (format is null)
                    bodies.Add(Encoding.UTF8.GetString(readyBytes));
            }
        return bodies;
    }

    /// Ids and slugs of every article on the public front page.
    async Task<List<string>> PublicKeysAsync()
    {
        var page = JsonDocument.Parse(await _ready.GetStringAsync("/api/v1/articles?limit=100", _ct)).RootElement.GetProperty("data");
        return [.. page.EnumerateArray().SelectMany(a => new[] { a.GetProperty("id").GetString()!, a.GetProperty("slug").GetString()! })];
    }

    async Task<object?> ScalarAsync(string sql, params object[] values)
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
    public async Task Every_Sample_Article_Is_The_Same_Bytes_From_Its_Ready_Doc_By_Id_And_Slug_In_Every_Format()
    {
        await CatchUpAsync();
        var keys = await PublicKeysAsync();
        keys.Count.ShouldBeGreaterThan(10);
        ((long)(await ScalarAsync("SELECT count(*) FROM article_docs_ready WHERE doc IS NOT NULL AND body IS NOT NULL"))!).ShouldBeGreaterThanOrEqualTo(keys.Count / 2);
        await SameArticlesAsync(keys);
        // Misses keep the query path: unknown, and a draft.
        await SameArticlesAsync(["no-such-article", Guid.NewGuid().ToString()], [null]);
    }

    /// The doc's one statement is sent on the data source, not through EF (ReadyStatement: no context is leased for a ready
    /// read), and the SQL counter sees it as every read's.
    [Fact]
    public async Task A_Ready_Article_Read_Is_One_Sql_Command_On_The_Data_Source_And_None_Through_EF()
    {
        await CatchUpAsync();
        var keys = await PublicKeysAsync();
        // A miss first: the site's settings of this content generation are read then (SiteLinks), not during the reads counted.
        await _ready.GetAsync($"/api/v1/articles/no-such-{Guid.NewGuid():N}", _ct);
        var counter = api.Services.GetRequiredService<SqlCommandCounter>();
        foreach (var key in new[] { keys[^2], keys[^1] })
        {
            var id = Guid.NewGuid().ToString();
            // A formats order no other test reads: not an answer left in the response cache.
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{key}?formats=html,markdown");
            request.Headers.Add(SqlCommandCounter.Header, id);
            using var response = await _ready.SendAsync(request, _ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            counter.CountFor(id).ShouldBe(1, key);
            counter.DataSourceCountFor(id).ShouldBe(1, $"{key}: the ready statement, without EF");
        }
    }

    [Fact]
    public async Task The_Article_Is_Read_From_Its_Ready_Doc_And_A_Doc_To_Render_Sends_It_To_The_Query_Path()
    {
        await CatchUpAsync();
        var keys = await PublicKeysAsync();
        var (id, slug) = (keys[0], keys[1]);
        var article = JsonDocument.Parse(await _ready.GetStringAsync($"/api/v1/articles/{slug}", _ct)).RootElement;
        var title = JsonSerializer.Serialize(article.GetProperty("title").GetString());
        (await ScalarAsync("UPDATE article_docs_ready SET doc = convert_to(replace(convert_from(doc, 'UTF8'), $1, '\"ready-made\"'), 'UTF8') WHERE article_id = $2 RETURNING 1",
            title, Guid.Parse(id))).ShouldBe(1);
        (await _ready.GetStringAsync($"/api/v1/articles/{slug}", _ct)).ShouldContain("\"title\":\"ready-made\"");
        (await _ready.GetStringAsync($"/api/v1/articles/{id}", _ct)).ShouldContain("\"title\":\"ready-made\"");

        await ScalarAsync("UPDATE article_docs_ready SET doc = NULL WHERE article_id = $1", Guid.Parse(id));
        (await _ready.GetStringAsync($"/api/v1/articles/{slug}", _ct)).ShouldContain($"\"title\":{title}");
        await SameArticlesAsync([id, slug]);
        await CatchUpAsync();
        ((bool)(await ScalarAsync("SELECT doc IS NOT NULL FROM article_docs_ready WHERE article_id = $1", Guid.Parse(id)))!).ShouldBeTrue();
        await SameArticlesAsync([id, slug]);
    }

    [Fact]
    public async Task After_Writes_Renames_Corrections_Translations_And_Schedule_Changes_Every_Article_Is_Still_The_Query_Paths_Answer()
    {
        var editor = await api.EditorAsync();
        var admin = await api.AdminAsync();
        var random = new Random(2020);
        var author = await editor.NewAuthorIdAsync();
        var source = await editor.NewSourceIdAsync();
        var tag = $"ready {Guid.NewGuid().ToString("N")[..8]}";
        var urls = new List<string>();
        var keys = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var body = Requests.Article(author.ToString()).With("tags", new[] { tag })
                .With("citations", new[] { new { source = source.ToString(), claim = $"Claim {i}" } });
            var (created, _, url) = await editor.CreateArticleAsync(body);
            urls.Add(url);
            keys.Add(created.GetProperty("id").GetString()!);
            keys.Add(created.GetProperty("slug").GetString()!);
            await editor.PublishNowEarlierOrLaterAsync(url, i, random, api.Time.GetUtcNow().UtcDateTime);
        }
        await SameArticlesAsync(keys);

        // A translation of the first, scheduled in an hour: it joins the first's `translations` at its time, no job run.
        var first = await (await editor.Client.GetAsync(urls[0], _ct)).JsonAsync();
        var (translation, _, translationUrl) = await editor.CreateArticleAsync(Requests.Article(author.ToString())
            .With("language", "en").With("translationOf", first.GetProperty("id").GetString()));
        keys.Add(translation.GetProperty("slug").GetString()!);
        (await editor.Client.PostJsonAsync($"{translationUrl}/publish", new { publishAt = api.Time.GetUtcNow().UtcDateTime.AddMinutes(60).ToString("O") }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await SameArticlesAsync(keys, [null, "text"]);
        var firstId = Guid.Parse(keys[0]);
        ((DateTime)(await ScalarAsync("SELECT stale_at FROM article_docs_ready WHERE article_id = $1", firstId))!)
            .ShouldBe(api.Time.GetUtcNow().UtcDateTime.AddMinutes(60), TimeSpan.FromSeconds(1));
        api.Time.Advance(TimeSpan.FromMinutes(61));
        (await _ready.GetStringAsync($"/api/v1/articles/{keys[0]}", _ct)).ShouldContain(translation.GetProperty("slug").GetString()!);
        (await SameArticlesAsync([keys[0]], [null])).Single().ShouldContain(translation.GetProperty("slug").GetString()!);
        await CatchUpAsync();
        ((bool)(await ScalarAsync("SELECT stale_at IS NULL AND doc IS NOT NULL FROM article_docs_ready WHERE article_id = $1", firstId))!).ShouldBeTrue();
        await SameArticlesAsync(keys, [null, "html"]);

        // Edits, a correction, an unpublish, a trash, a reschedule to the past; scheduled articles come due.
        for (var i = 0; i < 3; i++)
        {
            var url = urls[random.Next(1, urls.Count)];
            var current = await editor.Client.GetAsync(url, _ct);
            var edit = Requests.Article(author.ToString()).With("tags", new[] { tag, $"extra {i}" }).With("title", $"Edited {i} {Guid.NewGuid():N}")
                .With("citations", new[] { new { source = source.ToString(), claim = $"Edited claim {i}" } });
            (await editor.Client.PutJsonAsync(url, edit, current.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await editor.Client.PostJsonAsync($"{urls[3]}/corrections", new { kind = "correction", note = "The date was wrong." })).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);
        (await editor.Client.PostJsonAsync($"{urls[4]}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trashed = await editor.Client.GetAsync(urls[5], _ct);
        (await editor.Client.DeleteAsync(urls[5], trashed.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        (await editor.Client.PostJsonAsync($"{urls[2]}/publish", new { publishAt = api.Time.GetUtcNow().UtcDateTime.AddDays(-3).ToString("O") }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await SameArticlesAsync(keys);
        api.Time.Advance(TimeSpan.FromMinutes(130));
        await SameArticlesAsync(keys, [null, "markdown,text"]);

        // The author renamed (few articles: in the write's transaction); the tag and the source on more than 3 (in the background).
        var authorNow = await editor.Client.GetAsync($"/api/v1/authors/{author}", _ct);
        (await editor.Client.PutJsonAsync($"/api/v1/authors/{author}", new { name = $"Renamed {Guid.NewGuid():N}" }, authorNow.ETag()))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await CatchUpAsync();
        await SameArticlesAsync(keys, [null]);
        var tagNow = await editor.Client.GetAsync($"/api/v1/tags/{tag.Replace(' ', '-')}", _ct);
        var renamed = $"Renamed tag {Guid.NewGuid().ToString("N")[..8]}";
        (await editor.Client.PutJsonAsync($"/api/v1/tags/{tag.Replace(' ', '-')}", new { name = renamed }, tagNow.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var sourceNow = await editor.Client.GetAsync($"/api/v1/sources/{source}", _ct);
        var sourceRenamed = $"Renamed source {Guid.NewGuid().ToString("N")[..8]}";
        (await editor.Client.PutJsonAsync($"/api/v1/sources/{source}", new { name = sourceRenamed, kind = "agency" }, sourceNow.ETag()))
            .StatusCode.ShouldBe(HttpStatusCode.OK, await (await editor.Client.GetAsync($"/api/v1/sources/{source}", _ct)).Content.ReadAsStringAsync(_ct));
        // More than 3 articles show them: the old docs are served until the background re-renders them.
        (await _ready.GetStringAsync($"/api/v1/articles/{keys[0]}", _ct)).ShouldNotContain(renamed);
        (await CatchUpAsync()).ShouldBeGreaterThan(3);
        var bodies = string.Join("", await SameArticlesAsync(keys));
        bodies.ShouldContain(renamed);
        bodies.ShouldContain(sourceRenamed);

        // The site's article URLs change: every doc is re-rendered in the background.
        var site = await admin.Client.GetAsync("/api/v1/site", _ct);
        var siteBody = await site.JsonAsync();
        (await admin.Client.PutJsonAsync("/api/v1/site", new
        {
            name = siteBody.GetProperty("name").GetString(),
            url = "https://news.example.org",
            languages = siteBody.GetProperty("languages").EnumerateArray().Select(l => l.GetString()).ToArray(),
            articleUrlTemplate = "{siteUrl}/read/{language}/{slug}",
        }, site.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CatchUpAsync()).ShouldBeGreaterThan(3);
        string.Join("", await SameArticlesAsync(keys, [null, "html,markdown"])).ShouldContain("https://news.example.org/read/");
        await SameArticlesAsync(await PublicKeysAsync(), [null]);
    }

    [Fact]
    public async Task The_Largest_Body_The_Validators_Allow_Is_Written_Ready_And_Served_In_Every_Format()
    {
        var editor = await api.EditorAsync();
        var line = "Un paragrafo con **grassetto**, \"virgolette\", <angoli> & accenti: è à ù — e un [link](https://example.org/a?b=c&d=e).\n\n";
        var markdown = string.Concat(Enumerable.Repeat(line, ArticlesApi.Features.Articles.ArticleInputRules.MaxMarkdownLength / line.Length));
        var (article, _, url) = await editor.CreateArticleAsync(Requests.Article((await editor.NewAuthorIdAsync()).ToString())
            .With("body", new { markdown }));
        (await editor.Client.PostJsonAsync($"{url}/publish", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = Guid.Parse(article.GetProperty("id").GetString()!);
        ((int)(await ScalarAsync("SELECT length(doc) FROM article_docs_ready WHERE article_id = $1 AND body IS NOT NULL", id))!)
            .ShouldBeGreaterThan(3 * ArticlesApi.Features.Articles.ArticleInputRules.MaxMarkdownLength / 2);
        await SameArticlesAsync([id.ToString(), article.GetProperty("slug").GetString()!]);
    }

    [Fact]
    public async Task Readymade_Progress_Names_The_Articles_Too()
    {
        await CatchUpAsync();
        var health = JsonDocument.Parse(await _ready.GetStringAsync("/health/ready", _ct)).RootElement;
        health.GetProperty("checks").GetProperty("readymade").GetProperty("description").GetString()!.ShouldContain("articles up to date");
    }
}
