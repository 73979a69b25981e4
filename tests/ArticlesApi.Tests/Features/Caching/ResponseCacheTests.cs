using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;
using ArticlesApi.Tests.Infrastructure.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Caching;

/// The response cache on a host with a ten-minute lifetime, no polling of content changes and a clock
/// that moves only when a test moves it: an answer that changes was invalidated by the write under test,
/// never by a write from elsewhere or by the lifetime running out. "Hit" means the read sent no SQL at
/// all. Writes from elsewhere: ContentChangeTests.
public sealed class ResponseCacheTests(FakeClockApi api) : IClassFixture<FakeClockApi>, IAsyncLifetime
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    WebApplicationFactory<Program> _host = null!;
    HttpClient _anonymous = null!;
    HttpClient _editor = null!;
    HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _host = api.WithWebHostBuilder(b => b.UseSetting("Caching:ResponseSeconds", "600").UseSetting("Caching:ChangePollMilliseconds", "0"));
        _anonymous = Client();
        _editor = Client((await api.EditorAsync()).Secret);
        _admin = Client((await api.AdminAsync()).Secret);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    HttpClient Client(string? secret = null)
    {
        var client = _host.CreateDefaultClient(new ContractCheckingHandler(api.ContractAsync), new RedirectHandler());
        if (secret is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// A GET and the number of SQL commands the host sent to answer it.
    async Task<(HttpResponseMessage Response, int Sql)> ReadAsync(string url, HttpClient? client = null, string? ifNoneMatch = null)
    {
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(SqlCommandCounter.Header, id);
        if (ifNoneMatch is not null)
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        var response = await (client ?? _anonymous).SendAsync(request, _ct);
        await response.Content.LoadIntoBufferAsync(_ct);
        return (response, _host.Services.GetRequiredService<SqlCommandCounter>().CountFor(id));
    }

    async Task<JsonElement> ReadJsonAsync(string url) => await (await ReadAsync(url)).Response.JsonAsync();

    /// Reads twice: the first answer is computed, the second must come from the cache.
    async Task<JsonElement> CachedAsync(string url)
    {
        var (first, _) = await ReadAsync(url);
        var (second, sql) = await ReadAsync(url);
        sql.ShouldBe(0, $"{url} should have been answered from the cache");
        second.StatusCode.ShouldBe(first.StatusCode);
        return await second.JsonAsync();
    }

    async Task<TestArticle> PublishedAsync(string? tag = null)
    {
        var article = await DraftAsync(tag);
        (await _editor.PostJsonAsync($"{article.Url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return article;
    }

    /// A draft by the editor's new author, with a new tag (unless given) and a citation of a new source.
    async Task<TestArticle> DraftAsync(string? tag = null)
    {
        var author = await IdOfAsync(await _editor.PostJsonAsync("/api/v1/authors", new { name = $"Cached Author {Unique()}" }));
        var source = await IdOfAsync(await _editor.PostJsonAsync("/api/v1/sources", new { name = $"Cached Source {Unique()}", kind = "agency" }));
        tag ??= $"cached-{Unique()}";
        var body = Requests.Article(author.ToString())
            .With("tags", new[] { tag })
            .With("citations", new[] { new { source = source.ToString(), claim = "It was said." } });
        var created = await _editor.PostJsonAsync("/api/v1/articles", body);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var url = created.Headers.Location!.ToString();
        return new TestArticle(url, $"/api/v1/articles?tag={tag}", body, author, tag, source);
    }

    sealed record TestArticle(string Url, string TagList, Dictionary<string, object?> Body, Guid Author, string Tag, Guid Source);

    static string Unique() => Guid.NewGuid().ToString("N")[..10];

    static async Task<Guid> IdOfAsync(HttpResponseMessage created)
    {
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }

    async Task<string> ETagOfAsync(string url) => (await _editor.GetAsync(url, _ct)).ETag();

    static string[] Titles(JsonElement list) =>
        list.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("title").GetString()!).ToArray();

    [Fact]
    public async Task A_Second_Anonymous_Read_Is_A_Hit_With_The_Same_Bytes_And_Headers()
    {
        var article = await PublishedAsync();
        await PublishedAsync(article.Tag);
        foreach (var url in new[] { article.Url, $"{article.TagList}&limit=1" })
        {
            var (miss, missSql) = await ReadAsync(url);
            var (hit, hitSql) = await ReadAsync(url);

            missSql.ShouldBeGreaterThan(0);
            hitSql.ShouldBe(0);
            hit.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await hit.Content.ReadAsByteArrayAsync(_ct)).ShouldBe(await miss.Content.ReadAsByteArrayAsync(_ct));
            if (url != article.Url)
                hit.Headers.GetValues("Link").Single().ShouldContain("rel=\"next\"");
            foreach (var header in new[] { "ETag", "Cache-Control", "Vary", "Link" })
                string.Join(",", hit.Headers.TryGetValues(header, out var values) ? values : [])
                    .ShouldBe(string.Join(",", miss.Headers.TryGetValues(header, out var expected) ? expected : []), header);
            hit.Content.Headers.ContentType.ShouldBe(miss.Content.Headers.ContentType);
            hit.Content.Headers.ContentLength.ShouldBe(miss.Content.Headers.ContentLength);
        }
    }

    [Fact]
    public async Task The_ETag_Of_A_Hit_Is_The_ETag_The_Uncached_Pipeline_Gives()
    {
        var article = await PublishedAsync();
        var (hit, _) = await ReadAsync(article.Url);
        (hit, var sql) = await ReadAsync(article.Url);
        sql.ShouldBe(0);

        // The class's own host caches too, but has never seen this URL: its answer is computed.
        var uncached = await api.CreateClient().GetAsync(article.Url, _ct);

        hit.ETag().ShouldBe(uncached.ETag());
        (await hit.Content.ReadAsStringAsync(_ct)).ShouldBe(await uncached.Content.ReadAsStringAsync(_ct));
    }

    [Fact]
    public async Task Equivalent_Query_Strings_Share_One_Entry_And_One_Link()
    {
        var article = await PublishedAsync();
        await PublishedAsync(article.Tag);
        var (first, _) = await ReadAsync($"/api/v1/articles?tag={article.Tag}&limit=1&total=true");

        var (second, sql) = await ReadAsync($"/api/v1/articles?total=true&limit=1&tag={article.Tag}");

        sql.ShouldBe(0);
        second.Headers.GetValues("Link").Single().ShouldBe(first.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task If_None_Match_Answers_304_On_A_Miss_And_On_A_Hit()
    {
        var article = await PublishedAsync();
        var etag = (await api.CreateClient().GetAsync(article.Url, _ct)).ETag();

        var (miss, _) = await ReadAsync(article.Url, ifNoneMatch: etag);
        var (hit, sql) = await ReadAsync(article.Url, ifNoneMatch: etag);
        var (full, fullSql) = await ReadAsync(article.Url, ifNoneMatch: "\"another\"");

        miss.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        hit.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        sql.ShouldBe(0);
        hit.ETag().ShouldBe(etag);
        hit.Headers.CacheControl!.Public.ShouldBeTrue();
        (await hit.Content.ReadAsByteArrayAsync(_ct)).ShouldBeEmpty();
        full.StatusCode.ShouldBe(HttpStatusCode.OK);
        fullSql.ShouldBe(0);
        full.ETag().ShouldBe(etag);
    }

    [Fact]
    public async Task Reads_With_A_Key_Bypass_The_Cache()
    {
        var article = await PublishedAsync();
        await CachedAsync(article.Url);

        var (first, firstSql) = await ReadAsync(article.Url, _editor);
        var (second, secondSql) = await ReadAsync(article.Url, _editor);

        firstSql.ShouldBeGreaterThan(0);
        secondSql.ShouldBeGreaterThan(0);
        second.Headers.CacheControl!.Private.ShouldBeTrue();
        (await first.JsonAsync()).GetProperty("id").GetString().ShouldBe((await second.JsonAsync()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_Reader_Key_Is_Served_The_Anonymous_Entry_Looking_Up_Only_Its_Key()
    {
        var article = await PublishedAsync();
        var reader = Client((await api.CallerAsync(ArticlesApi.Domain.Role.Reader)).Secret);
        var (anonymous, _) = await ReadAsync(article.Url);

        var (hit, sql) = await ReadAsync(article.Url, reader);
        var (notModified, notModifiedSql) = await ReadAsync(article.Url, reader, anonymous.ETag());

        sql.ShouldBe(1, "the key is looked up on every request; the answer comes from the cache");
        (await hit.Content.ReadAsByteArrayAsync(_ct)).ShouldBe(await anonymous.Content.ReadAsByteArrayAsync(_ct));
        hit.ETag().ShouldBe(anonymous.ETag());
        hit.Headers.CacheControl!.Public.ShouldBeTrue();
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        notModifiedSql.ShouldBe(1);
    }

    [Fact]
    public async Task A_Reader_Keys_Miss_Fills_The_Entry_That_Anonymous_Reads_Then_Hit()
    {
        var article = await PublishedAsync();
        var reader = Client((await api.CallerAsync(ArticlesApi.Domain.Role.Reader)).Secret);
        var (miss, missSql) = await ReadAsync(article.TagList, reader);

        var (anonymous, sql) = await ReadAsync(article.TagList);

        missSql.ShouldBeGreaterThan(1);
        sql.ShouldBe(0);
        anonymous.ETag().ShouldBe(miss.ETag());
    }

    [Fact]
    public async Task A_Reader_Key_Reads_No_Draft_And_A_Revoked_One_Is_Refused_Even_On_A_Hit()
    {
        var draft = await DraftAsync();
        var published = await PublishedAsync();
        var key = await api.CallerAsync(ArticlesApi.Domain.Role.Reader);
        var reader = Client(key.Secret);
        await CachedAsync(published.Url);

        (await ReadAsync(draft.Url, reader)).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _admin.DeleteAsync($"/api/v1/keys/{key.KeyId}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var (revoked, _) = await ReadAsync(published.Url, reader);

        await revoked.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Surrogate_Keys_Are_The_Same_On_A_Miss_A_Hit_And_A_304()
    {
        var article = await PublishedAsync();
        foreach (var url in new[] { article.Url, article.TagList })
        {
            var (miss, _) = await ReadAsync(url);
            var (hit, sql) = await ReadAsync(url);
            var (notModified, _) = await ReadAsync(url, ifNoneMatch: miss.ETag());

            sql.ShouldBe(0);
            notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
            var keys = miss.Headers.GetValues("Surrogate-Key").Single();
            hit.Headers.GetValues("Surrogate-Key").Single().ShouldBe(keys);
            notModified.Headers.GetValues("Surrogate-Key").Single().ShouldBe(keys);
            notModified.Headers.GetValues("Cache-Tag").Single().ShouldBe(keys.Replace(' ', ','));
        }
    }

    [Fact]
    public async Task Creating_An_Article_Invalidates()
    {
        var article = await PublishedAsync();
        await CachedAsync(article.Url);

        await IdOfAsync(await _editor.PostJsonAsync("/api/v1/articles", Requests.Article(article.Author.ToString())));

        (await ReadAsync(article.Url)).Sql.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Updating_An_Article_Shows_The_New_Title_On_The_Next_Read()
    {
        var article = await PublishedAsync();
        await CachedAsync(article.Url);
        await CachedAsync(article.TagList);
        var title = $"Changed {Unique()}";

        (await _editor.PutJsonAsync(article.Url, article.Body.With("title", title), await ETagOfAsync(article.Url)))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ReadJsonAsync(article.Url)).GetProperty("title").GetString().ShouldBe(title);
        Titles(await ReadJsonAsync(article.TagList)).ShouldBe([title]);
    }

    [Fact]
    public async Task Deleting_An_Article_Hides_It_And_Restoring_Shows_It_Again()
    {
        var article = await PublishedAsync();
        await CachedAsync(article.Url);
        Titles(await CachedAsync(article.TagList)).Length.ShouldBe(1);

        (await _editor.DeleteAsync(article.Url, await ETagOfAsync(article.Url))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await ReadAsync(article.Url)).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Titles(await CachedAsync(article.TagList)).ShouldBeEmpty();

        (await _editor.PostJsonAsync($"{article.Url}/restore")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ReadAsync(article.Url)).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Titles(await ReadJsonAsync(article.TagList)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Unpublishing_Hides_And_Publishing_Shows()
    {
        var article = await PublishedAsync();
        Titles(await CachedAsync(article.TagList)).Length.ShouldBe(1);

        (await _editor.PostJsonAsync($"{article.Url}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        Titles(await CachedAsync(article.TagList)).ShouldBeEmpty();

        (await _editor.PostJsonAsync($"{article.Url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        Titles(await ReadJsonAsync(article.TagList)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Renaming_An_Author_Shows_In_Cached_Articles_And_Author_Pages()
    {
        var article = await PublishedAsync();
        var authorUrl = $"/api/v1/authors/{article.Author}";
        await CachedAsync(article.Url);
        await CachedAsync(authorUrl);
        var name = $"Renamed Author {Unique()}";

        (await _editor.PutJsonAsync(authorUrl, new { name }, await ETagOfAsync(authorUrl))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ReadJsonAsync(article.Url)).GetProperty("authors")[0].GetProperty("name").GetString().ShouldBe(name);
        (await ReadJsonAsync(authorUrl)).GetProperty("name").GetString().ShouldBe(name);
    }

    [Fact]
    public async Task Renaming_A_Tag_Shows_In_Cached_Articles()
    {
        var article = await PublishedAsync();
        var tagUrl = $"/api/v1/tags/{(await ReadJsonAsync(article.Url)).GetProperty("tags")[0].GetProperty("id").GetString()}";
        await CachedAsync(article.Url);
        var name = $"Renamed Tag {Unique()}";

        (await _editor.PutJsonAsync(tagUrl, new { name, slug = article.Tag }, await ETagOfAsync(tagUrl))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ReadJsonAsync(article.Url)).GetProperty("tags")[0].GetProperty("name").GetString().ShouldBe(name);
    }

    [Fact]
    public async Task Renaming_A_Source_Shows_In_Cached_Citations()
    {
        var article = await PublishedAsync();
        var sourceUrl = $"/api/v1/sources/{article.Source}";
        await CachedAsync(article.Url);
        await CachedAsync(sourceUrl);
        var name = $"Renamed Source {Unique()}";

        (await _editor.PutJsonAsync(sourceUrl, new { name, kind = "agency" }, await ETagOfAsync(sourceUrl))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var citation = (await ReadJsonAsync(article.Url)).GetProperty("citations").EnumerateArray().Single();
        citation.GetRawText().ShouldContain(name);
        (await ReadJsonAsync(sourceUrl)).GetProperty("name").GetString().ShouldBe(name);
    }

    [Fact]
    public async Task A_Refused_Write_And_A_Key_Write_Leave_The_Cache_Alone()
    {
        var article = await PublishedAsync();
        await CachedAsync(article.Url);

        (await _editor.PutJsonAsync(article.Url, article.Body.With("title", "Never"), "\"stale\"")).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await _admin.PostJsonAsync("/api/v1/keys", new { name = "cache test", role = "editor" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await ReadAsync(article.Url)).Sql.ShouldBe(0);
    }

    [Fact]
    public async Task A_Scheduled_Article_Appears_In_Cached_Lists_When_Its_Time_Comes()
    {
        var article = await DraftAsync();
        var publishAt = api.Now.AddMinutes(1);
        (await _editor.PostJsonAsync($"{article.Url}/publish", new { publishAt })).StatusCode.ShouldBe(HttpStatusCode.OK);
        const string FrontPage = "/api/v1/articles?limit=100";
        Titles(await CachedAsync(article.TagList)).ShouldBeEmpty();
        await CachedAsync(FrontPage);

        api.Time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        var before = await ReadAsync(article.TagList);
        api.Time.Advance(TimeSpan.FromSeconds(1));

        before.Sql.ShouldBe(0, "a second before the publication time, the cached list still holds");
        Titles(await before.Response.JsonAsync()).ShouldBeEmpty();
        Titles(await ReadJsonAsync(article.TagList)).Length.ShouldBe(1, "the cached list expires at the publication time");
        var id = article.Url.Split('/')[^1];
        (await ReadJsonAsync(FrontPage)).GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ShouldContain(id);
        (await ReadAsync(article.Url)).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
