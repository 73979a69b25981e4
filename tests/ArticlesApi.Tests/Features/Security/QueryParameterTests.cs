using System.Net;
using System.Text.Json;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Security;

/// A query parameter an endpoint does not define is refused (400 naming it), never ignored: an ignored
/// parameter hid typos (`updatedAfter=` read as no filter, before it existed) and gave every spelling of a URL a cache entry
/// of its own, so junk parameters walked past the response cache.
public sealed class QueryParameterTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _anonymous = api.CreateClient();

    async Task<string[]> PublicReadsAsync()
    {
        var data = new Articles.ArticleData(api);
        var article = (await data.AddPublishedAsync(1, _ct)).Single();
        var editor = (await api.EditorAsync()).Client;
        var source = await (await editor.PostJsonAsync("/api/v1/sources", new { name = $"Query Source {Guid.NewGuid():N}", kind = "agency" })).JsonAsync();
        return
        [
            "/api/v1", "/api/v1/articles", $"/api/v1/articles/{article.Slug}", "/api/v1/authors", $"/api/v1/authors/{data.Author.Slug}",
            "/api/v1/tags", $"/api/v1/tags/{data.Tag.Slug}", "/api/v1/sources", $"/api/v1/sources/{source.GetProperty("slug").GetString()}",
        ];
    }

    [Fact]
    public async Task Unknown_Query_Parameters_Return_400_Naming_Them_On_Every_Read()
    {
        foreach (var url in await PublicReadsAsync())
        {
            (await _anonymous.GetAsync(url, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
            foreach (var junk in new[] { "modifiedSince=2024-01-01", "fields=title", "include=body", "utm_source=x" })
            {
                var response = await _anonymous.GetAsync($"{url}?{junk}", _ct);
                await response.ShouldBeValidationProblemAsync(junk.Split('=')[0]);
            }
        }
        // Spelled as other APIs spell it: still not one of ours.
        await (await _anonymous.GetAsync("/api/v1/authors?order_by=name", _ct)).ShouldBeValidationProblemAsync("order_by");
    }

    [Fact]
    public async Task Unknown_Query_Parameters_Return_400_On_Key_Endpoints_And_Writes()
    {
        var admin = (await api.AdminAsync()).Client;
        var key = await (await admin.GetAsync("/api/v1/keys?limit=1", _ct)).JsonAsync();
        var keyId = key.GetProperty("data")[0].GetProperty("id").GetString();

        await (await admin.GetAsync("/api/v1/keys?limt=1", _ct)).ShouldBeValidationProblemAsync("limt");
        await (await admin.GetAsync($"/api/v1/keys/{keyId}?id={Guid.NewGuid()}", _ct)).ShouldBeValidationProblemAsync("id");
        await (await admin.PostJsonAsync("/api/v1/tags?name=Overridden", new { name = "Q param tag" })).ShouldBeValidationProblemAsync("name");
        await (await admin.GetAsync("/api/v1/articles/some-slug?idOrSlug=other", _ct)).ShouldBeValidationProblemAsync("idOrSlug");
    }

    [Fact]
    public async Task A_Repeated_Query_Parameter_Returns_400()
    {
        await (await _anonymous.GetAsync("/api/v1/articles?limit=1&limit=2", _ct)).ShouldBeValidationProblemAsync("limit");
        await (await _anonymous.GetAsync("/api/v1/articles?tag=a&Tag=b", _ct)).ShouldBeValidationProblemAsync("tag");
    }

    [Fact]
    public async Task Parameter_Names_Match_Case_Insensitively_And_Empty_Values_Mean_Absent()
    {
        var data = new Articles.ArticleData(api);
        await data.AddPublishedAsync(2, _ct);

        var response = await _anonymous.GetAsync($"/api/v1/articles?TAG={data.Tag.Slug}&Limit=1&q=&cursor=", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("data").GetArrayLength().ShouldBe(1);
        response.Headers.GetValues("Link").Single().ShouldStartWith($"</api/v1/articles?limit=1&tag={data.Tag.Slug}&cursor=");
    }

    [Fact]
    public async Task Junk_Parameters_Never_Answer_500_Nor_Create_Cache_Entries()
    {
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Caching:ResponseSeconds", "600"));
        var client = host.CreateClient();
        var cache = host.Services.GetRequiredService<ResponseCache>();
        var reads = await PublicReadsAsync();
        foreach (var url in reads)
            (await client.GetAsync(url, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
        var entries = cache.Count;

        var random = new Random(13);
        string[] names = ["x", "a", "_", "limit[]", "q.x", "%00", "%E2%80%AE", "Limit%20", "cursor%3D", "", "fields", "__proto__", "page", "offset"];
        for (var i = 0; i < 200; i++)
        {
            var url = reads[random.Next(reads.Length)];
            var name = names[random.Next(names.Length)] + (random.Next(2) == 0 ? random.Next(1000).ToString() : "");
            var response = await client.GetAsync($"{url}?{name}={random.Next()}&{name}{i}", _ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{url}?{name}");
        }
        cache.Count.ShouldBe(entries, "a refused request stores nothing");

        // Spellings of one URL share its entry.
        (await client.GetAsync("/api/v1/articles?limit=7", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var spelling in new[] { "LIMIT=7", "Limit=7&q=", "limit=7&tag=&cursor=" })
            (await client.GetAsync($"/api/v1/articles?{spelling}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK, spelling);
        // So do other spellings of its path, and any Host a client may send.
        foreach (var (path, forgedHost) in new[] { ("/API/V1/Articles", null), ("/api/v1/articles", "evil.example"), ("/Api/v1/ARTICLES", "x.test:8443") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{path}?limit=7");
            if (forgedHost is not null)
                request.Headers.Host = forgedHost;
            (await client.SendAsync(request, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK, $"{path} {forgedHost}");
        }
        cache.Count.ShouldBe(entries + 1);
    }
}
