using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;
using ArticlesApi.Tests.Infrastructure.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Site;

/// `url` on every article, author and tag read, made from the site; on a host whose response cache keeps answers
/// ten minutes and does not poll, so a new URL after a PUT of the site comes from that write alone.
public sealed class PublicUrlTests(FakeClockApi api) : IClassFixture<FakeClockApi>, IAsyncLifetime
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

    static string Unique() => Guid.NewGuid().ToString("N")[..10];

    async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, _ct);
        var text = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{url}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    async Task PutSiteAsync(string url, string template)
    {
        var current = await _admin.GetAsync("/api/v1/site", _ct);
        var response = await _admin.PutJsonAsync("/api/v1/site",
            new { name = "Oltre la linea", url, languages = new[] { "it", "en" }, articleUrlTemplate = template }, current.ETag());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
    }

    /// A draft by a new author with a new tag; its location, author slug and tag slug.
    async Task<(string Url, string Slug, string AuthorSlug, string TagSlug, string Word)> DraftAsync()
    {
        var word = "zq" + Unique();
        var author = await (await _editor.PostJsonAsync("/api/v1/authors", new { name = $"Autore {Unique()}" })).JsonAsync();
        var body = Requests.Article(author.GetProperty("id").GetString()!).With("title", $"Titolo {word}").With("tags", new[] { $"etichetta {Unique()}" });
        var created = await _editor.PostJsonAsync("/api/v1/articles", body);
        var article = await created.JsonAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Created, article.ToString());
        return (created.Headers.Location!.ToString(), article.GetProperty("slug").GetString()!, author.GetProperty("slug").GetString()!,
            article.GetProperty("tags")[0].GetProperty("slug").GetString()!, word);
    }

    [Fact]
    public async Task Every_Article_Author_And_Tag_Read_Carries_Its_Public_Url()
    {
        await PutSiteAsync("https://www.oltrelalinea.news", "{siteUrl}/{language}/{yyyy}/{mm}/{dd}/{slug}");
        var (location, slug, authorSlug, tagSlug, word) = await DraftAsync();
        api.Time.Advance(TimeSpan.FromDays(3));
        var publish = await _editor.PostJsonAsync($"{location}/publish");
        var published = await publish.JsonAsync();
        publish.StatusCode.ShouldBe(HttpStatusCode.OK, published.ToString());
        var at = published.GetProperty("publishedAt").GetDateTime().ToUniversalTime();
        var articleUrl = $"https://www.oltrelalinea.news/it/{at:yyyy}/{at:MM}/{at:dd}/{slug}";
        var authorUrl = $"https://www.oltrelalinea.news/authors/{authorSlug}";
        var tagUrl = $"https://www.oltrelalinea.news/tags/{tagSlug}";

        published.GetProperty("url").GetString().ShouldBe(articleUrl);
        var article = await JsonAsync(_anonymous, $"/api/v1/articles/{slug}");
        article.GetProperty("url").GetString().ShouldBe(articleUrl);
        article.GetProperty("authors")[0].GetProperty("url").GetString().ShouldBe(authorUrl);
        article.GetProperty("tags")[0].GetProperty("url").GetString().ShouldBe(tagUrl);
        foreach (var list in new[] { $"/api/v1/articles?author={authorSlug}", $"/api/v1/articles?q={word}", "/api/v1/articles?limit=100" })
        {
            var summary = (await JsonAsync(_anonymous, list)).GetProperty("data").EnumerateArray().Single(a => a.GetProperty("slug").GetString() == slug);
            summary.GetProperty("url").GetString().ShouldBe(articleUrl, list);
            summary.GetProperty("authors")[0].GetProperty("url").GetString().ShouldBe(authorUrl, list);
            summary.GetProperty("tags")[0].GetProperty("url").GetString().ShouldBe(tagUrl, list);
        }
        (await JsonAsync(_anonymous, $"/api/v1/authors/{authorSlug}")).GetProperty("url").GetString().ShouldBe(authorUrl);
        (await JsonAsync(_anonymous, $"/api/v1/tags/{tagSlug}")).GetProperty("url").GetString().ShouldBe(tagUrl);
        (await JsonAsync(_anonymous, "/api/v1/tags?sort=-articleCount&limit=100")).GetProperty("data").EnumerateArray()
            .Single(t => t.GetProperty("slug").GetString() == tagSlug).GetProperty("url").GetString().ShouldBe(tagUrl);
        (await JsonAsync(_anonymous, "/api/v1/authors?sort=-articleCount&limit=100")).GetProperty("data").EnumerateArray()
            .Single(t => t.GetProperty("slug").GetString() == authorSlug).GetProperty("url").GetString().ShouldBe(authorUrl);
    }

    [Fact]
    public async Task A_Draft_Url_Is_Dated_By_Its_Creation_And_Takes_Its_Id()
    {
        await PutSiteAsync("https://example.org/news", "{siteUrl}/{yyyy}/{mm}/{id}-{slug}");
        var (location, slug, _, _, _) = await DraftAsync();

        var draft = await JsonAsync(_editor, location);

        var created = draft.GetProperty("createdAt").GetDateTime().ToUniversalTime();
        draft.GetProperty("publishedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        draft.GetProperty("url").GetString().ShouldBe($"https://example.org/news/{created:yyyy}/{created:MM}/{draft.GetProperty("id").GetString()}-{slug}");
    }

    [Fact]
    public async Task A_Put_Of_The_Site_Makes_The_Next_Read_Of_A_Cached_Answer_Show_The_New_Urls()
    {
        await PutSiteAsync("https://old.example.org", "{siteUrl}/{language}/{slug}");
        var (location, slug, authorSlug, tagSlug, _) = await DraftAsync();
        (await _editor.PostJsonAsync($"{location}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        string[] urls = [$"/api/v1/articles/{slug}", $"/api/v1/articles?author={authorSlug}", $"/api/v1/authors/{authorSlug}", $"/api/v1/tags/{tagSlug}"];
        foreach (var url in urls)
        {
            (await _anonymous.GetStringAsync(url, _ct)).ShouldContain("https://old.example.org/");
            (await _anonymous.GetStringAsync(url, _ct)).ShouldContain("https://old.example.org/", Case.Sensitive, "a cached answer");
        }

        await PutSiteAsync("https://new.example.org", "{siteUrl}/articoli/{slug}");

        foreach (var url in urls)
        {
            var text = await _anonymous.GetStringAsync(url, _ct);
            text.ShouldNotContain("https://old.example.org", customMessage: url);
            text.ShouldContain("https://new.example.org/", customMessage: url);
        }
        (await JsonAsync(_anonymous, urls[0])).GetProperty("url").GetString().ShouldBe($"https://new.example.org/articoli/{slug}");
    }
}
