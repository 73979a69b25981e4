using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArticlesApi.Tests.Infrastructure;
using ArticlesApi.Tests.Infrastructure.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace ArticlesApi.Tests.Features.Sources;

/// A source's `url` is its page on the front end (`{siteUrl}/sources/{slug}`), read-only; its own website is
/// `websiteUrl`. On a host whose response cache keeps answers ten minutes and does not poll, so a new URL after a
/// write comes from that write alone.
public sealed class SourceUrlTests(FakeClockApi api) : IClassFixture<FakeClockApi>, IAsyncLifetime
{
    const string Website = "https://www.agenzianova.example";
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

    async Task<string> SiteUrlAsync() => (await (await _anonymous.GetAsync("/api/v1/site", _ct)).JsonAsync()).GetProperty("url").GetString()!;

    async Task PutSiteUrlAsync(string url)
    {
        var current = await _admin.GetAsync("/api/v1/site", _ct);
        var site = JsonNode.Parse(await current.Content.ReadAsStringAsync(_ct))!.AsObject();
        site["url"] = url;
        var response = await _admin.PutJsonAsync("/api/v1/site", site.ToJsonString(), current.ETag());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
    }

    async Task<(JsonElement Source, string Location, string ETag)> CreateAsync()
    {
        var response = await _editor.PostJsonAsync("/api/v1/sources",
            new { name = $"Agenzia Nova {Guid.NewGuid():N}"[..25], kind = "agency", websiteUrl = Website, country = "IT" });
        var source = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, source.ToString());
        return (source, response.Headers.Location!.ToString(), response.ETag());
    }

    async Task<(JsonObject Source, string ETag)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, _ct);
        var text = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return (JsonNode.Parse(text)!.AsObject(), response.ETag());
    }

    [Fact]
    public async Task Every_Source_Read_Carries_Its_Page_On_The_Front_End_And_Its_Own_Website()
    {
        var site = await SiteUrlAsync();
        var (created, _, _) = await CreateAsync();
        var slug = created.GetProperty("slug").GetString()!;
        var page = $"{site}/sources/{slug}";

        created.GetProperty("url").GetString().ShouldBe(page);
        created.GetProperty("websiteUrl").GetString().ShouldBe(Website);
        var (read, _) = await GetAsync(_anonymous, $"/api/v1/sources/{slug}");
        read["url"]!.GetValue<string>().ShouldBe(page);
        read["websiteUrl"]!.GetValue<string>().ShouldBe(Website);
        var listed = (await GetAsync(_anonymous, "/api/v1/sources?limit=100")).Source["data"]!.AsArray()
            .Single(s => s!["slug"]!.GetValue<string>() == slug)!;
        listed["url"]!.GetValue<string>().ShouldBe(page);
        listed["websiteUrl"]!.GetValue<string>().ShouldBe(Website);
    }

    [Fact]
    public async Task A_Sources_Url_Follows_A_Change_Of_The_Site_Url_And_Of_Its_Slug()
    {
        var (created, location, _) = await CreateAsync();
        var slug = created.GetProperty("slug").GetString()!;
        (await GetAsync(_anonymous, $"/api/v1/sources/{slug}")).Source["url"]!.GetValue<string>().ShouldEndWith($"/sources/{slug}");
        (await GetAsync(_anonymous, $"/api/v1/sources/{slug}")).Source["url"]!.GetValue<string>().ShouldEndWith($"/sources/{slug}", Case.Sensitive, "a cached answer");

        await PutSiteUrlAsync("https://new.example.org");

        (await GetAsync(_anonymous, $"/api/v1/sources/{slug}")).Source["url"]!.GetValue<string>().ShouldBe($"https://new.example.org/sources/{slug}");

        var (read, etag) = await GetAsync(_editor, location);
        read["slug"] = $"{slug}-bis";
        read["url"] = $"https://new.example.org/sources/{slug}-bis";
        var put = await _editor.PutJsonAsync(location, read.ToJsonString(), etag);
        var written = await put.JsonAsync();
        put.StatusCode.ShouldBe(HttpStatusCode.OK, written.ToString());
        written.GetProperty("url").GetString().ShouldBe($"https://new.example.org/sources/{slug}-bis");
        (await GetAsync(_anonymous, $"/api/v1/sources/{slug}-bis")).Source["url"]!.GetValue<string>().ShouldBe($"https://new.example.org/sources/{slug}-bis");
    }

    [Fact]
    public async Task Put_Of_The_Source_As_Read_Returns_200_And_Changes_Nothing_But_UpdatedAt()
    {
        var (_, location, _) = await CreateAsync();
        var (read, etag) = await GetAsync(_editor, location);
        api.Time.Advance(TimeSpan.FromMinutes(1));

        var response = await _editor.PutJsonAsync(location, read.ToJsonString(), etag);

        var text = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var written = JsonNode.Parse(text)!.AsObject();
        written["updatedAt"]!.GetValue<DateTime>().ShouldBe(api.Now);
        written.Remove("updatedAt");
        read.Remove("updatedAt");
        JsonNode.DeepEquals(written, read).ShouldBeTrue(text);
    }

    [Theory]
    [InlineData(Website)]
    [InlineData("https://www.oltrelalinea.news/sources/another-source")]
    [InlineData("")]
    public async Task Put_With_A_Url_Other_Than_The_Sources_Page_Returns_400_Pointing_To_WebsiteUrl(string url)
    {
        var (_, location, _) = await CreateAsync();
        var (read, etag) = await GetAsync(_editor, location);
        read["url"] = url;

        var problem = await (await _editor.PutJsonAsync(location, read.ToJsonString(), etag)).ShouldBeValidationProblemAsync("url");

        problem.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "url")
            .GetProperty("reason").GetString()!.ShouldContain("websiteUrl");
        (await GetAsync(_editor, location)).ETag.ShouldBe(etag, "nothing was written");
    }

    [Fact]
    public async Task Put_Naming_Another_Sources_Id_Returns_400_Naming_Id()
    {
        var (_, location, _) = await CreateAsync();
        var (other, _, _) = await CreateAsync();
        var (read, etag) = await GetAsync(_editor, location);
        read["id"] = other.GetProperty("id").GetString();

        await (await _editor.PutJsonAsync(location, read.ToJsonString(), etag)).ShouldBeValidationProblemAsync("id");
    }

    [Fact]
    public async Task Post_With_A_Url_Returns_400_Pointing_To_WebsiteUrl()
    {
        var response = await _editor.PostJsonAsync("/api/v1/sources", new { name = "Agenzia Nova", kind = "agency", url = Website });

        var problem = await response.ShouldBeValidationProblemAsync("url");
        problem.GetProperty("errors")[0].GetProperty("reason").GetString()!.ShouldContain("websiteUrl");
    }

    [Fact]
    public async Task A_Citations_Source_Summary_Carries_The_Sources_Page_And_Its_Website()
    {
        var site = await SiteUrlAsync();
        var (source, _, _) = await CreateAsync();
        var slug = source.GetProperty("slug").GetString()!;
        var author = await (await _editor.PostJsonAsync("/api/v1/authors", new { name = $"Autore {Guid.NewGuid():N}" })).JsonAsync();
        var body = Requests.Article(author.GetProperty("id").GetString()!)
            .With("citations", new[] { new { source = slug, claim = "Dodici paesi hanno firmato", url = "https://example.org/dispaccio" } });
        var created = await _editor.PostJsonAsync("/api/v1/articles", body);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);

        var (article, etag) = await GetAsync(_editor, created.Headers.Location!.ToString());

        var citation = article["citations"]![0]!;
        citation["url"]!.GetValue<string>().ShouldBe("https://example.org/dispaccio", "a citation's url is the cited document");
        foreach (var summary in new[] { citation["source"]!, article["citationsBySource"]![0]!["source"]! })
        {
            summary["url"]!.GetValue<string>().ShouldBe($"{site}/sources/{slug}");
            summary["websiteUrl"]!.GetValue<string>().ShouldBe(Website);
        }
        // The summary as read is a reference a PUT of the article takes back.
        (await _editor.PutJsonAsync(created.Headers.Location!.ToString(), article.ToJsonString(), etag)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
