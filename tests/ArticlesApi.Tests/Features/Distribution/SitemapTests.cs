using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using ArticlesApi.Tests.Infrastructure;
using ArticlesApi.Tests.Infrastructure.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Distribution;

/// The sitemap index, its sitemaps and the Google News sitemap through HTTP, each validated by `xmllint --schema`
/// against the sitemaps.org and Google News schemas; values read with an XML parser and compared.
public sealed class SitemapTests(FakeClockApi api) : IClassFixture<FakeClockApi>, IAsyncLifetime
{
    const string SiteUrl = "https://www.oltrelalinea.news";
    const string ApiUrl = "https://api.oltrelalinea.news";
    static readonly XNamespace Sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";

    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    WebApplicationFactory<Program> _host = null!;
    HttpClient _anonymous = null!;
    HttpClient _editor = null!;
    string _author = "";

    public async ValueTask InitializeAsync()
    {
        await using (var db = api.Database.CreateContext())
        {
            var site = await db.Sites.SingleAsync(_ct);
            (site.Name, site.Url, site.Languages, site.NewsPublicationName) = ("Oltre la linea", SiteUrl, ["it", "en"], "Oltre la linea & <Notizie>");
            site.ArticleUrlTemplate = "{siteUrl}/{language}/{yyyy}/{mm}/{slug}";
            await db.SaveChangesAsync(_ct);
        }
        _host = api.WithWebHostBuilder(b => b.UseSetting("Caching:ResponseSeconds", "600").UseSetting("Caching:ChangePollMilliseconds", "0")
            .UseSetting("Api:PublicUrl", ApiUrl));
        _anonymous = Client();
        _editor = Client((await api.EditorAsync()).Secret);
        var response = await _editor.PostJsonAsync("/api/v1/authors", new { name = "Marco Deidda" });
        _author = (await response.JsonAsync()).GetProperty("slug").GetString()!;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    HttpClient Client(string? secret = null)
    {
        var client = _host.CreateDefaultClient(new ContractCheckingHandler(api.ContractAsync), new RedirectHandler());
        if (secret is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    async Task<JsonElement> PublishAsync(string title, string? publishAt = null, string language = "it")
    {
        var created = await _editor.PostJsonAsync("/api/v1/articles",
            Requests.Article(_author).With("title", title).With("language", language).With("tags", new[] { "Diplomazia" }));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(_ct));
        var id = (await created.JsonAsync()).GetProperty("id").GetString();
        var published = await _editor.PostJsonAsync($"/api/v1/articles/{id}/publish", publishAt is null ? null : new { publishAt });
        published.StatusCode.ShouldBe(HttpStatusCode.OK, await published.Content.ReadAsStringAsync(_ct));
        return await published.JsonAsync();
    }

    async Task<HttpResponseMessage> GetAsync(string url, string? ifNoneMatch = null, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url.StartsWith(ApiUrl) ? url[ApiUrl.Length..] : url);
        if (ifNoneMatch is not null)
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        if (acceptEncoding is not null)
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await _anonymous.SendAsync(request, _ct);
        await response.Content.LoadIntoBufferAsync(_ct);
        return response;
    }

    /// The sitemap, checked against `schema` by xmllint, parsed.
    async Task<XDocument> ValidAsync(string url, string schema = "urlset.xsd")
    {
        var response = await GetAsync(url);
        var text = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{url}: {text}");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/xml");
        response.Headers.ETag.ShouldNotBeNull();
        await DistributionChecks.ValidAsync(text, schema);
        return XDocument.Parse(text);
    }

    static DateTime W3c(string value) => DateTime.Parse(value, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    [Fact]
    public async Task The_Index_And_Every_Sitemap_It_Lists_Are_Valid_Against_The_Schemas()
    {
        await PublishAsync("Marzo " + Guid.NewGuid().ToString("N")[..6], "2025-03-15T10:00:00Z");
        await PublishAsync("Aprile " + Guid.NewGuid().ToString("N")[..6], "2025-04-02T10:00:00Z");
        await PublishAsync("Oggi & <domani> " + Guid.NewGuid().ToString("N")[..6]);

        var index = await ValidAsync("/api/v1/sitemaps/index.xml", "siteindex.xsd");
        var locs = index.Root!.Elements(Sm + "sitemap").Select(s => s.Element(Sm + "loc")!.Value).ToList();
        locs.ShouldContain($"{ApiUrl}/api/v1/sitemaps/articles-2025-03.xml");
        locs.ShouldContain($"{ApiUrl}/api/v1/sitemaps/articles-2025-04.xml");
        locs.ShouldContain($"{ApiUrl}/api/v1/sitemaps/authors.xml");
        locs.ShouldContain($"{ApiUrl}/api/v1/sitemaps/tags.xml");
        foreach (var loc in locs)
        {
            var sitemap = await ValidAsync(loc);
            sitemap.Root!.Elements(Sm + "url").ShouldNotBeEmpty(loc);
            foreach (var url in sitemap.Root.Elements(Sm + "url"))
                url.Element(Sm + "loc")!.Value.ShouldStartWith(SiteUrl + "/");
        }
        await ValidAsync("/api/v1/sitemaps/news.xml");
    }

    [Fact]
    public async Task A_Monthly_Sitemap_Lists_Its_Public_Articles_With_Front_End_Urls_And_Exact_Lastmod()
    {
        var first = await PublishAsync("Maggio uno " + Guid.NewGuid().ToString("N")[..6], "2025-05-03T08:00:00Z");
        var second = await PublishAsync("Maggio due " + Guid.NewGuid().ToString("N")[..6], "2025-05-20T08:00:00Z");
        var draft = await (await _editor.PostJsonAsync("/api/v1/articles", Requests.Article(_author))).JsonAsync();

        var sitemap = await ValidAsync("/api/v1/sitemaps/articles-2025-05.xml");
        var urls = sitemap.Root!.Elements(Sm + "url").ToDictionary(u => u.Element(Sm + "loc")!.Value, u => W3c(u.Element(Sm + "lastmod")!.Value));
        urls.Keys.ShouldBe([$"{SiteUrl}/it/2025/05/{first.GetProperty("slug").GetString()}", $"{SiteUrl}/it/2025/05/{second.GetProperty("slug").GetString()}"]);
        urls.Values.ShouldBe([first.GetProperty("updatedAt").GetDateTime(), second.GetProperty("updatedAt").GetDateTime()]);
        urls.Keys.ShouldNotContain(k => k.EndsWith(draft.GetProperty("slug").GetString()!));

        var index = await ValidAsync("/api/v1/sitemaps/index.xml", "siteindex.xsd");
        var month = index.Root!.Elements(Sm + "sitemap").Single(s => s.Element(Sm + "loc")!.Value.EndsWith("/articles-2025-05.xml"));
        W3c(month.Element(Sm + "lastmod")!.Value).ShouldBe(urls.Values.Max());
    }

    [Fact]
    public async Task Translations_Are_Hreflang_Alternates_Of_Every_Public_Version_Including_Itself()
    {
        static XNamespace Xhtml() => "http://www.w3.org/1999/xhtml";
        var italian = await PublishAsync("Luglio & <vertice> " + Guid.NewGuid().ToString("N")[..6], "2025-07-03T08:00:00Z");
        var created = await _editor.PostJsonAsync("/api/v1/articles", Requests.Article(_author).With("language", "en")
            .With("title", "July summit " + Guid.NewGuid().ToString("N")[..6]).With("translationOf", italian.GetProperty("id").GetString()));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(_ct));
        var english = await (await _editor.PostJsonAsync($"/api/v1/articles/{(await created.JsonAsync()).GetProperty("id").GetString()}/publish",
            new { publishAt = "2025-07-04T08:00:00Z" })).JsonAsync();
        // A draft French version is never named; a lone article has no alternates.
        (await _editor.PostJsonAsync("/api/v1/articles", Requests.Article(_author).With("language", "fr")
            .With("translationOf", italian.GetProperty("id").GetString()))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var alone = await PublishAsync("Luglio solo " + Guid.NewGuid().ToString("N")[..6], "2025-07-05T08:00:00Z");

        var sitemap = await ValidAsync("/api/v1/sitemaps/articles-2025-07.xml");
        var alternates = sitemap.Root!.Elements(Sm + "url").ToDictionary(u => u.Element(Sm + "loc")!.Value,
            u => u.Elements(Xhtml() + "link").Select(l => (l.Attribute("rel")!.Value, l.Attribute("hreflang")!.Value, l.Attribute("href")!.Value)).ToList());
        var itUrl = $"{SiteUrl}/it/2025/07/{italian.GetProperty("slug").GetString()}";
        var enUrl = $"{SiteUrl}/en/2025/07/{english.GetProperty("slug").GetString()}";
        alternates.Keys.ShouldBe([itUrl, enUrl, $"{SiteUrl}/it/2025/07/{alone.GetProperty("slug").GetString()}"]);
        alternates[itUrl].ShouldBe([("alternate", "en", enUrl), ("alternate", "it", itUrl)]);
        alternates[enUrl].ShouldBe(alternates[itUrl]);
        alternates.Values.Last().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/api/v1/sitemaps/index.xml", "articles")]
    [InlineData("/api/v1/sitemaps/articles-2025-08.xml", "articles")]
    [InlineData("/api/v1/sitemaps/authors.xml", "authors")]
    [InlineData("/api/v1/sitemaps/tags.xml", "tags")]
    [InlineData("/api/v1/sitemaps/news.xml", "articles")]
    public async Task Sitemaps_Carry_The_List_Key_A_Purge_Of_What_They_List_Reaches(string url, string key)
    {
        await PublishAsync("Agosto " + Guid.NewGuid().ToString("N")[..6], "2025-08-03T08:00:00Z");
        await PublishAsync("Oggi " + Guid.NewGuid().ToString("N")[..6]);

        var response = await GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Surrogate-Key").Single().Split(' ').ShouldContain(key);
        response.Headers.GetValues("Cache-Tag").Single().Split(',').ShouldContain(key);
    }

    [Fact]
    public async Task The_News_Sitemap_Holds_What_Was_Published_In_The_Last_48_Hours()
    {
        var title = "Perché l'“accordo” & <vertice> è fallito " + Guid.NewGuid().ToString("N")[..6];
        var recent = await PublishAsync(title);
        var english = await PublishAsync("Breaking & <news> " + Guid.NewGuid().ToString("N")[..6], language: "en");
        var old = await PublishAsync("Vecchio " + Guid.NewGuid().ToString("N")[..6], api.Now.AddHours(-49).ToString("O"));

        var news = await ValidAsync("/api/v1/sitemaps/news.xml");
        var entries = news.Root!.Elements(Sm + "url").ToDictionary(u => u.Element(Sm + "loc")!.Value, u => u.Element(News + "news")!);
        entries.Keys.ShouldNotContain(k => k.EndsWith(old.GetProperty("slug").GetString()!));
        var entry = entries.Single(e => e.Key.EndsWith("/" + recent.GetProperty("slug").GetString())).Value;
        entry.Element(News + "title")!.Value.ShouldBe(title);
        entry.Element(News + "publication")!.Element(News + "name")!.Value.ShouldBe("Oltre la linea & <Notizie>");
        entry.Element(News + "publication")!.Element(News + "language")!.Value.ShouldBe("it");
        W3c(entry.Element(News + "publication_date")!.Value).ShouldBe(recent.GetProperty("publishedAt").GetDateTime());
        entries.Single(e => e.Key.EndsWith("/" + english.GetProperty("slug").GetString())).Value
            .Element(News + "publication")!.Element(News + "language")!.Value.ShouldBe("en");

        api.Time.Advance(TimeSpan.FromHours(49));
        await (await GetAsync("/api/v1/sitemaps/news.xml")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var next = await PublishAsync("Il giorno dopo " + Guid.NewGuid().ToString("N")[..6]);
        var later = (await ValidAsync("/api/v1/sitemaps/news.xml")).Root!.Elements(Sm + "url").Select(u => u.Element(Sm + "loc")!.Value).ToList();
        later.ShouldNotContain(k => k.EndsWith("/" + recent.GetProperty("slug").GetString()));
        later.ShouldContain(k => k.EndsWith("/" + next.GetProperty("slug").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/sitemaps/articles-1999-01.xml")]
    [InlineData("/api/v1/sitemaps/articles-2025-13.xml")]
    [InlineData("/api/v1/sitemaps/articles-2025-3.xml")]
    [InlineData("/api/v1/sitemaps/tags-2.xml")]
    [InlineData("/api/v1/sitemaps/authors-1.xml")]
    [InlineData("/api/v1/sitemaps/articles.xml")]
    [InlineData("/api/v1/sitemaps/keys.xml")]
    public async Task A_Name_That_Is_No_Sitemap_Answers_404(string url)
    {
        await PublishAsync("Qualcosa " + Guid.NewGuid().ToString("N")[..6]);
        await (await GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_Streamed_Sitemap_Is_Conditional_Compressed_And_Changes_With_A_Write()
    {
        var article = await PublishAsync("Giugno " + Guid.NewGuid().ToString("N")[..6], "2025-06-10T08:00:00Z");
        const string url = "/api/v1/sitemaps/articles-2025-06.xml";
        var first = await GetAsync(url);
        var etag = first.Headers.ETag!.ToString();
        (await GetAsync(url, ifNoneMatch: etag)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        var gzip = await GetAsync(url, acceptEncoding: "gzip");
        gzip.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        gzip.Headers.ETag!.ToString().ShouldBe(etag.Insert(etag.Length - 1, "-gzip"));
        (await GetAsync(url, ifNoneMatch: gzip.Headers.ETag!.ToString())).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        await using (var unzipped = new GZipStream(await gzip.Content.ReadAsStreamAsync(_ct), CompressionMode.Decompress))
        using (var reader = new StreamReader(unzipped))
            (await reader.ReadToEndAsync(_ct)).ShouldBe(await first.Content.ReadAsStringAsync(_ct));

        var id = article.GetProperty("id").GetString();
        var current = await _editor.GetAsync($"/api/v1/articles/{id}", _ct);
        var put = await _editor.PutJsonAsync($"/api/v1/articles/{id}", Requests.Article(_author).With("title", "Giugno, nuovo titolo"), current.ETag());
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync(_ct));
        var updated = await put.JsonAsync();

        var fresh = await GetAsync(url, ifNoneMatch: etag);
        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        fresh.Headers.ETag!.ToString().ShouldNotBe(etag);
        var lastmod = XDocument.Parse(await fresh.Content.ReadAsStringAsync(_ct)).Root!.Elements(Sm + "url").Single().Element(Sm + "lastmod")!.Value;
        W3c(lastmod).ShouldBe(updated.GetProperty("updatedAt").GetDateTime());
    }
}
