using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;
using ArticlesApi.Tests.Infrastructure.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Slugs;

/// Old slugs of articles, authors, tags and sources answer 301 to the current slug (slug_history), as long as
/// no other resource has taken them and the caller may read what they lead to. Clients here do not follow
/// redirects, so every 301 is seen (and checked against the document, like every answer).
public sealed class SlugHistoryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    HttpClient Client(string? secret = null)
    {
        var client = api.CreateDefaultClient(new ContractCheckingHandler(api.ContractAsync));
        if (secret is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    static string NewSlug(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    static object Body(string resource, string slug) => resource == "sources"
        ? new { name = "Name " + slug, slug, kind = "agency" }
        : new { name = "Name " + slug, slug };

    async Task CreateAsync(Caller editor, string resource, string slug) =>
        (await editor.Client.PostJsonAsync($"/api/v1/{resource}", Body(resource, slug))).StatusCode.ShouldBe(HttpStatusCode.Created);

    /// PUT with a new slug, addressed by the current one.
    async Task RenameAsync(Caller editor, string resource, string from, string to)
    {
        var read = await editor.Client.GetAsync($"/api/v1/{resource}/{from}", _ct);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        var response = await editor.Client.PutJsonAsync($"/api/v1/{resource}/{from}", Body(resource, to), read.ETag());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
    }

    async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, HttpMethod? method = null)
    {
        var response = await client.SendAsync(new HttpRequestMessage(method ?? HttpMethod.Get, url), _ct);
        await response.Content.LoadIntoBufferAsync(_ct);
        return response;
    }

    static void ShouldRedirect(HttpResponseMessage response, string location)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        response.Headers.Location!.OriginalString.ShouldBe(location);
    }

    /// A published article created through the API; its slug.
    async Task<(Caller Editor, string Slug)> PublishedArticleAsync(string? slug = null)
    {
        var editor = await api.EditorAsync();
        var (article, _, url) = await editor.CreateArticleAsync(
            Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("slug", slug ?? NewSlug("article")));
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (editor, article.GetProperty("slug").GetString()!);
    }

    /// PUT of the article as read, with another slug.
    async Task RenameArticleAsync(Caller editor, string from, string to)
    {
        var read = await editor.Client.GetAsync($"/api/v1/articles/{from}", _ct);
        var article = JsonNode.Parse(await read.Content.ReadAsStringAsync(_ct))!.AsObject();
        article["slug"] = to;
        var response = await editor.Client.PutJsonAsync($"/api/v1/articles/{from}", article.ToJsonString(), read.ETag());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
    }

    [Theory]
    [InlineData("authors")]
    [InlineData("tags")]
    [InlineData("sources")]
    public async Task Old_Slug_Answers_301_To_The_Current_Slug_And_Following_It_Reads_The_Resource(string resource)
    {
        var editor = await api.EditorAsync();
        string old = NewSlug("old"), renamed = NewSlug("new");
        await CreateAsync(editor, resource, old);
        await RenameAsync(editor, resource, old, renamed);

        var response = await GetAsync(Client(editor.Secret), $"/api/v1/{resource}/{old}");

        ShouldRedirect(response, $"/api/v1/{resource}/{renamed}");
        response.Headers.CacheControl!.Private.ShouldBeTrue();
        response.Headers.CacheControl.NoCache.ShouldBeTrue();
        (await response.Content.ReadAsByteArrayAsync(_ct)).ShouldBeEmpty();
        var followed = await GetAsync(Client(editor.Secret), response.Headers.Location!.OriginalString);
        followed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await followed.JsonAsync()).GetProperty("slug").GetString().ShouldBe(renamed);
    }

    [Fact]
    public async Task Old_Slug_Of_A_Published_Article_Answers_301_Keeping_The_Query_With_The_Reads_Cache_Control()
    {
        var (editor, old) = await PublishedArticleAsync();
        var renamed = NewSlug("renamed");
        await RenameArticleAsync(editor, old, renamed);

        var response = await GetAsync(Client(), $"/api/v1/articles/{old}?formats=html,text");

        ShouldRedirect(response, $"/api/v1/articles/{renamed}?formats=html,text");
        response.Headers.CacheControl!.Public.ShouldBeTrue();
        response.Headers.CacheControl.MaxAge.ShouldNotBeNull();
        response.Headers.Vary.ShouldContain("Authorization");
        response.Headers.ETag.ShouldBeNull();
    }

    [Fact]
    public async Task Head_Of_An_Old_Slug_Answers_301_With_Location_And_No_Body()
    {
        var editor = await api.EditorAsync();
        string old = NewSlug("head"), renamed = NewSlug("head");
        await CreateAsync(editor, "sources", old);
        await RenameAsync(editor, "sources", old, renamed);

        var response = await GetAsync(Client(), $"/api/v1/sources/{old}", HttpMethod.Head);

        ShouldRedirect(response, $"/api/v1/sources/{renamed}");
        (await response.Content.ReadAsByteArrayAsync(_ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_Old_Slug_Of_A_Chain_Redirects_To_The_Current_One_In_One_Hop()
    {
        var editor = await api.EditorAsync();
        string a = NewSlug("a"), b = NewSlug("b"), c = NewSlug("c");
        await CreateAsync(editor, "tags", a);
        await RenameAsync(editor, "tags", a, b);
        await RenameAsync(editor, "tags", b, c);
        var client = Client(editor.Secret);

        ShouldRedirect(await GetAsync(client, $"/api/v1/tags/{a}"), $"/api/v1/tags/{c}");
        ShouldRedirect(await GetAsync(client, $"/api/v1/tags/{b}"), $"/api/v1/tags/{c}");
        (await GetAsync(client, $"/api/v1/tags/{c}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_Old_Slug_Taken_Since_By_Another_Resource_Answers_As_That_Resource()
    {
        var editor = await api.EditorAsync();
        string old = NewSlug("taken"), renamed = NewSlug("moved");
        await CreateAsync(editor, "sources", old);
        await RenameAsync(editor, "sources", old, renamed);
        var anonymous = Client();
        ShouldRedirect(await GetAsync(anonymous, $"/api/v1/sources/{old}"), $"/api/v1/sources/{renamed}");

        // Another source takes the old slug: the next read (response cache or not) is that source.
        await CreateAsync(editor, "sources", old);
        var response = await GetAsync(anonymous, $"/api/v1/sources/{old}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("name").GetString().ShouldBe("Name " + old);
        (await GetAsync(anonymous, $"/api/v1/sources/{renamed}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // And when that one moves away, the slug is its old slug, not the first source's.
        var third = NewSlug("third");
        await RenameAsync(editor, "sources", old, third);
        ShouldRedirect(await GetAsync(anonymous, $"/api/v1/sources/{old}"), $"/api/v1/sources/{third}");
    }

    [Fact]
    public async Task A_Resource_Back_On_Its_Old_Slug_Answers_There_And_Redirects_From_The_Other()
    {
        var editor = await api.EditorAsync();
        string first = NewSlug("first"), second = NewSlug("second");
        await CreateAsync(editor, "authors", first);
        await RenameAsync(editor, "authors", first, second);
        await RenameAsync(editor, "authors", second, first);
        var anonymous = Client();

        (await GetAsync(anonymous, $"/api/v1/authors/{first}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldRedirect(await GetAsync(anonymous, $"/api/v1/authors/{second}"), $"/api/v1/authors/{first}");
    }

    [Fact]
    public async Task Old_Slug_Of_A_Draft_Answers_Anonymous_Callers_The_404_Of_An_Unknown_Slug_And_Staff_301()
    {
        var editor = await api.EditorAsync();
        var (article, _, _) = await editor.CreateArticleAsync(
            Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("slug", NewSlug("draft")));
        string old = article.GetProperty("slug").GetString()!, renamed = NewSlug("draft");
        await RenameArticleAsync(editor, old, renamed);
        var anonymous = Client();

        var hidden = await GetAsync(anonymous, $"/api/v1/articles/{old}");
        var unknown = await GetAsync(anonymous, $"/api/v1/articles/{NewSlug("unknown")}");

        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        hidden.Headers.Location.ShouldBeNull();
        static JsonObject WithoutInstance(JsonNode problem)
        {
            var copy = problem.DeepClone().AsObject();
            copy.Remove("instance");
            copy.Remove("traceId");
            return copy;
        }
        JsonNode.DeepEquals(WithoutInstance(JsonNode.Parse(await hidden.Content.ReadAsStringAsync(_ct))!),
            WithoutInstance(JsonNode.Parse(await unknown.Content.ReadAsStringAsync(_ct))!)).ShouldBeTrue();
        ShouldRedirect(await GetAsync(Client(editor.Secret), $"/api/v1/articles/{old}"), $"/api/v1/articles/{renamed}");
    }

    [Fact]
    public async Task An_Old_Slug_Taken_Since_By_A_Draft_Answers_Anonymous_Callers_404_Not_A_Redirect_To_The_Old_Owner()
    {
        var (editor, old) = await PublishedArticleAsync();
        var renamed = NewSlug("published");
        await RenameArticleAsync(editor, old, renamed);
        await editor.CreateArticleAsync(Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("slug", old));

        (await GetAsync(Client(), $"/api/v1/articles/{old}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var staff = await GetAsync(Client(editor.Secret), $"/api/v1/articles/{old}");
        staff.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.JsonAsync()).GetProperty("status").GetString().ShouldBe("draft");
    }

    [Fact]
    public async Task Old_Slug_Of_A_Tag_Only_Drafts_Carry_Answers_Anonymous_Callers_404()
    {
        var editor = await api.EditorAsync();
        string old = NewSlug("hidden"), renamed = NewSlug("hidden");
        await CreateAsync(editor, "tags", old);
        await RenameAsync(editor, "tags", old, renamed);

        (await GetAsync(Client(), $"/api/v1/tags/{old}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        ShouldRedirect(await GetAsync(Client(editor.Secret), $"/api/v1/tags/{old}"), $"/api/v1/tags/{renamed}");
    }

    [Fact]
    public async Task Old_Slugs_Go_With_A_Deleted_Resource_And_A_Trashed_Article_Is_Not_Redirected_To()
    {
        var editor = await api.EditorAsync();
        string old = NewSlug("gone"), renamed = NewSlug("gone");
        await CreateAsync(editor, "sources", old);
        await RenameAsync(editor, "sources", old, renamed);
        var read = await editor.Client.GetAsync($"/api/v1/sources/{renamed}", _ct);
        (await editor.Client.DeleteAsync($"/api/v1/sources/{renamed}", read.ETag())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await GetAsync(Client(editor.Secret), $"/api/v1/sources/{old}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using (var db = api.Database.CreateContext())
            db.Set<ArticlesApi.Domain.OldSlug>().Count(o => o.Slug == old).ShouldBe(0);

        var (articleEditor, article) = await PublishedArticleAsync();
        var moved = NewSlug("trashed");
        await RenameArticleAsync(articleEditor, article, moved);
        var current = await articleEditor.Client.GetAsync($"/api/v1/articles/{moved}", _ct);
        (await articleEditor.Client.DeleteAsync($"/api/v1/articles/{moved}", current.ETag())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await GetAsync(Client(), $"/api/v1/articles/{article}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GetAsync(Client(articleEditor.Secret), $"/api/v1/articles/{article}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Writes_To_An_Old_Slug_Answer_404_Not_A_Redirect()
    {
        var editor = await api.EditorAsync();
        string old = NewSlug("write"), renamed = NewSlug("write");
        await CreateAsync(editor, "tags", old);
        await RenameAsync(editor, "tags", old, renamed);
        var etag = (await editor.Client.GetAsync($"/api/v1/tags/{renamed}", _ct)).ETag();

        var put = await Client(editor.Secret).PutJsonAsync($"/api/v1/tags/{old}", Body("tags", NewSlug("other")), etag);
        var delete = await Client(editor.Secret).DeleteAsync($"/api/v1/tags/{old}", etag);

        await put.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await delete.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_A_Public_Url_Location_Is_Absolute_Under_It()
    {
        var editor = await api.EditorAsync();
        string old = NewSlug("abs"), renamed = NewSlug("abs");
        await CreateAsync(editor, "authors", old);
        await RenameAsync(editor, "authors", old, renamed);
        await using var host = KestrelHost.Start(api, b => b.UseSetting("Api:PublicUrl", "https://api.example.org/prefix/"));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Url };

        var response = await client.GetAsync($"/api/v1/authors/{old}", _ct);

        ShouldRedirect(response, $"https://api.example.org/prefix/api/v1/authors/{renamed}");
    }

    /// What an old slug costs: the history's primary-key lookup after the read found nothing, then the current
    /// slug through the read's visibility rule. An unknown slug pays the first only.
    [Fact]
    public async Task An_Old_Slug_Costs_One_Sql_Command_More_Than_An_Unknown_Slug()
    {
        var (editor, old) = await PublishedArticleAsync();
        var renamed = NewSlug("counted");
        await RenameArticleAsync(editor, old, renamed);
        var anonymous = Client();
        var counter = api.Services.GetRequiredService<SqlCommandCounter>();
        async Task<(HttpStatusCode Status, int Sql)> CountAsync(string slug, string? query = null)
        {
            var id = Guid.NewGuid().ToString();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{slug}{query}");
            request.Headers.Add(SqlCommandCounter.Header, id);
            var response = await anonymous.SendAsync(request, _ct);
            return (response.StatusCode, counter.CountFor(id));
        }

        // A query of its own each time, so that no answer comes from the response cache.
        var found = await CountAsync(renamed, "?formats=html");
        var unknown = await CountAsync(NewSlug("unknown"), "?formats=text");
        var moved = await CountAsync(old, "?formats=markdown");

        found.Status.ShouldBe(HttpStatusCode.OK);
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        moved.Status.ShouldBe(HttpStatusCode.MovedPermanently);
        // Measured: found 1 (its ready-made doc, Features/Articles/Ready), unknown 3 (the ready-made miss, then the query
        // path's 2), old slug 4.
        (moved.Sql - unknown.Sql).ShouldBe(1, $"found {found.Sql}, unknown {unknown.Sql}, old slug {moved.Sql}");
        found.Sql.ShouldBe(1);
    }

    [Fact]
    public async Task An_Id_Never_Redirects()
    {
        var editor = await api.EditorAsync();
        var response = await GetAsync(Client(editor.Secret), $"/api/v1/tags/{Guid.NewGuid()}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// Every GET of one article, author, tag or source by `{idOrSlug}` declares the redirect (so the document
    /// and the runtime have it); found from the route table, not a list.
    [Fact]
    public async Task Every_Get_By_Id_Or_Slug_Of_A_Resource_Declares_And_Documents_The_301()
    {
        var gets = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true
                && e.RoutePattern.RawText!.Trim('/') is var t && t.StartsWith("api/v1/", StringComparison.Ordinal)
                && t.EndsWith("/{idOrSlug}", StringComparison.Ordinal) && t.Count(c => c == '/') == 3)
            .ToList();
        gets.Select(e => e.RoutePattern.RawText!.Trim('/').Split('/')[2]).Order()
            .ShouldBe(["articles", "authors", "sources", "tags"]);
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct))!;
        foreach (var endpoint in gets)
        {
            var resource = endpoint.RoutePattern.RawText!.Trim('/').Split('/')[2];
            endpoint.Metadata.GetMetadata<OldSlugRedirect>().ShouldNotBeNull(resource);
            var moved = document["paths"]![$"/api/v1/{resource}/{{id}}"]!["get"]!["responses"]!["301"].ShouldNotBeNull(resource);
            moved["headers"]!["Location"]!["description"]!.GetValue<string>().ShouldContain($"/api/v1/{resource}/{{currentSlug}}");
            moved["content"].ShouldBeNull();
        }
    }
}
