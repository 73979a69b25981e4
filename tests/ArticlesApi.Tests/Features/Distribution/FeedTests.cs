using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;
using ArticlesApi.Tests.Infrastructure.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Distribution;

/// RSS, Atom and JSON Feed through HTTP on a host with a long-lived response cache (no polling; the clock moves only
/// when a test moves it), parsed by feedparser and checked against the JSON Feed schema; values compared, not strings.
public sealed class FeedTests(FakeClockApi api) : IClassFixture<FakeClockApi>, IAsyncLifetime
{
    /// Accents, typographic and straight quotes, `&` and `<` in every text a feed carries.
    const string Title = "Perché l'“accordo” & <vertice> di Ginevra è fallito: \"sì\" o 'no'?";
    const string Markdown = "L'accordo è \"fallito\" & la <tregua> resta — più o meno, secondo l'ONU.\n\nSecondo paragrafo: **città** & àèéìòù < ≥ 3.";
    const string SiteUrl = "https://www.oltrelalinea.news";

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
            (site.Name, site.Url, site.Languages, site.ArticleUrlTemplate) = ("Oltre la linea & <co>", SiteUrl, ["it", "en"], "{siteUrl}/{language}/{slug}");
            await db.SaveChangesAsync(_ct);
        }
        _host = api.WithWebHostBuilder(b => b.UseSetting("Caching:ResponseSeconds", "600").UseSetting("Caching:ChangePollMilliseconds", "0")
            .UseSetting("Api:PublicUrl", "https://api.oltrelalinea.news"));
        _anonymous = Client();
        var editor = await api.EditorAsync();
        _editor = Client(editor.Secret);
        var response = await _editor.PostJsonAsync("/api/v1/authors", new { name = "Giulia D'Àngelo & <Co>", avatarUrl = "https://img.example.org/giulia.png" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
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

    async Task<JsonElement> PublishAsync(string title, string language = "it", string[]? tags = null, string? image = null, string? publishAt = null)
    {
        var body = Requests.Article(_author).With("title", title).With("language", language).With("tags", tags ?? ["Diplomazia & <Pace>"])
            .With("body", new { markdown = Markdown });
        if (image is not null)
            body = body.With("featureImage", new { url = image, alt = "Il palazzo delle Nazioni & il lago", caption = "Ginevra" });
        var created = await _editor.PostJsonAsync("/api/v1/articles", body);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(_ct));
        var id = (await created.JsonAsync()).GetProperty("id").GetString();
        var published = await _editor.PostJsonAsync($"/api/v1/articles/{id}/publish", publishAt is null ? null : new { publishAt });
        published.StatusCode.ShouldBe(HttpStatusCode.OK, await published.Content.ReadAsStringAsync(_ct));
        return await published.JsonAsync();
    }

    async Task<HttpResponseMessage> GetAsync(string url, string? ifNoneMatch = null, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        if (acceptEncoding is not null)
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await _anonymous.SendAsync(request, _ct);
        await response.Content.LoadIntoBufferAsync(_ct);
        return response;
    }

    async Task<string> ReadAsync(string url, string mediaType)
    {
        var response = await GetAsync(url);
        var text = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
        response.Headers.ETag.ShouldNotBeNull();
        response.Headers.CacheControl!.Public.ShouldBeTrue();
        return text;
    }

    static JsonElement Entry(JsonElement parsed, string id) =>
        parsed.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("id").GetString() == $"urn:uuid:{id}");

    [Fact]
    public async Task Rss_And_Atom_Parse_Without_Error_And_Carry_Every_Value_Exactly()
    {
        var article = await PublishAsync(Title, image: "https://img.example.org/ginevra.jpg");
        var id = article.GetProperty("id").GetString()!;
        var slug = article.GetProperty("slug").GetString()!;
        var html = article.GetProperty("body").GetProperty("html").GetString()!;
        html.ShouldContain("&amp;");
        html.ShouldContain("&lt;tregua&gt;");

        foreach (var (url, type, version) in new[] { ("/api/v1/feeds/rss", "application/rss+xml", "rss20"), ("/api/v1/feeds/atom", "application/atom+xml", "atom10") })
        {
            var parsed = await DistributionChecks.FeedParserAsync(await ReadAsync(url, type));
            parsed.GetProperty("version").GetString().ShouldBe(version);
            parsed.GetProperty("feed").GetProperty("title").GetString().ShouldBe("Oltre la linea & <co>");
            parsed.GetProperty("feed").GetProperty("link").GetString().ShouldBe(SiteUrl);
            var entry = Entry(parsed, id);
            entry.GetProperty("title").GetString().ShouldBe(Title, url);
            entry.GetProperty("link").GetString().ShouldBe($"{SiteUrl}/it/{slug}", url);
            entry.GetProperty("content")[0].GetString().ShouldBe(html, url);
            entry.GetProperty("summary").GetString().ShouldBe(article.GetProperty("excerpt").GetString(), url);
            entry.GetProperty("authors").EnumerateArray().Select(a => a.GetString()).ShouldBe(["Giulia D'Àngelo & <Co>"], url);
            entry.GetProperty("tags").EnumerateArray().Select(a => a.GetString()).ShouldBe(["Diplomazia & <Pace>"], url);
            var published = article.GetProperty("publishedAt").GetDateTime();
            entry.GetProperty("published_parsed").EnumerateArray().Select(x => x.GetInt32()).ShouldBe(
                [published.Year, published.Month, published.Day, published.Hour, published.Minute, published.Second], url);
            var image = url.EndsWith("rss") ? entry.GetProperty("media") : entry.GetProperty("enclosures");
            image.EnumerateArray().Select(x => x.GetString()).ShouldBe(["https://img.example.org/ginevra.jpg"], url);
        }
    }

    [Fact]
    public async Task Json_Feed_Is_Valid_Against_Its_Schema_And_Carries_Every_Value_Exactly()
    {
        var article = await PublishAsync(Title, image: "https://img.example.org/ginevra.webp");
        var id = article.GetProperty("id").GetString()!;
        var text = await ReadAsync("/api/v1/feeds/json", "application/feed+json");
        (await DistributionChecks.JsonFeedErrorsAsync(text)).ShouldBeEmpty(text);

        var feed = JsonDocument.Parse(text).RootElement;
        feed.GetProperty("version").GetString().ShouldBe("https://jsonfeed.org/version/1.1");
        feed.GetProperty("feed_url").GetString().ShouldBe("https://api.oltrelalinea.news/api/v1/feeds/json");
        var item = feed.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == $"urn:uuid:{id}");
        item.GetProperty("title").GetString().ShouldBe(Title);
        item.GetProperty("content_html").GetString().ShouldBe(article.GetProperty("body").GetProperty("html").GetString());
        item.GetProperty("summary").GetString().ShouldBe(article.GetProperty("excerpt").GetString());
        item.GetProperty("image").GetString().ShouldBe("https://img.example.org/ginevra.webp");
        item.GetProperty("url").GetString().ShouldBe($"{SiteUrl}/it/{article.GetProperty("slug").GetString()}");
        item.GetProperty("date_published").GetDateTime().ShouldBe(article.GetProperty("publishedAt").GetDateTime());
        item.GetProperty("date_modified").GetDateTime().ShouldBe(article.GetProperty("updatedAt").GetDateTime());
        item.GetProperty("authors")[0].GetProperty("name").GetString().ShouldBe("Giulia D'Àngelo & <Co>");
        item.GetProperty("authors")[0].GetProperty("url").GetString().ShouldBe($"{SiteUrl}/authors/{_author}");
        item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["Diplomazia & <Pace>"]);
    }

    [Fact]
    public async Task Every_Feed_Carries_The_Articles_Corrections_Oldest_First()
    {
        var article = await PublishAsync("Corretto: il vertice & <Ginevra>");
        var id = article.GetProperty("id").GetString()!;
        // Read once first: the correction is a write, so the next read of every feed must be fresh.
        await ReadAsync("/api/v1/feeds/json", "application/feed+json");
        // (A correction changes the article's updatedAt: with the clock standing still it would change nothing.)
        api.Time.Advance(TimeSpan.FromMinutes(1));
        foreach (var (kind, note) in new[] { ("correction", "La cifra era **240**, non 200 & <più>."), ("clarification", "Città: Ginevra, non Losanna.") })
            (await _editor.PostJsonAsync($"/api/v1/articles/{id}/corrections", new { kind, note })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var read = await (await _editor.GetAsync($"/api/v1/articles/{id}", _ct)).JsonAsync();
        var corrections = read.GetProperty("corrections").EnumerateArray().ToList();
        corrections.Count.ShouldBe(2);

        var text = await ReadAsync("/api/v1/feeds/json", "application/feed+json");
        (await DistributionChecks.JsonFeedErrorsAsync(text)).ShouldBeEmpty(text);
        var item = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == $"urn:uuid:{id}");
        var listed = item.GetProperty("_corrections").GetProperty("items").EnumerateArray().ToList();
        listed.Select(c => c.GetProperty("kind").GetString()).ShouldBe(["correction", "clarification"]);
        listed.Select(c => c.GetProperty("text").GetString()).ShouldBe(corrections.Select(c => c.GetProperty("note").GetString()));
        listed.Select(c => c.GetProperty("html").GetString()).ShouldBe(corrections.Select(c => c.GetProperty("html").GetString()));
        listed.Select(c => c.GetProperty("at").GetDateTime()).ShouldBe(corrections.Select(c => c.GetProperty("at").GetDateTime()));
        var html = item.GetProperty("content_html").GetString()!;
        html.ShouldStartWith(article.GetProperty("body").GetProperty("html").GetString()!);
        html.IndexOf(corrections[0].GetProperty("html").GetString()!, StringComparison.Ordinal)
            .ShouldBeLessThan(html.IndexOf(corrections[1].GetProperty("html").GetString()!, StringComparison.Ordinal));

        foreach (var (url, type) in new[] { ("/api/v1/feeds/rss", "application/rss+xml"), ("/api/v1/feeds/atom", "application/atom+xml") })
        {
            var entry = Entry(await DistributionChecks.FeedParserAsync(await ReadAsync(url, type)), id);
            entry.GetProperty("content")[0].GetString().ShouldBe(html, url);
        }
    }

    [Fact]
    public async Task Feeds_Carry_The_Surrogate_Keys_A_Purge_Of_Their_Articles_Tag_Or_Author_Reaches()
    {
        var article = await PublishAsync("Chiavi " + Guid.NewGuid().ToString("N")[..6]);
        var tag = article.GetProperty("tags")[0];
        var author = article.GetProperty("authors")[0];
        foreach (var url in new[] { "/api/v1/feeds/rss", "/api/v1/feeds/atom", "/api/v1/feeds/json" })
        {
            var keys = (await GetAsync(url)).Headers.GetValues("Surrogate-Key").Single().Split(' ');
            keys.ShouldContain("articles", url);
            keys.ShouldContain("tags", url);
            keys.ShouldContain("authors", url);
        }
        var byTag = (await GetAsync($"/api/v1/feeds/json?tag={tag.GetProperty("slug").GetString()}")).Headers.GetValues("Surrogate-Key").Single().Split(' ');
        byTag.ShouldContain($"tag-{tag.GetProperty("id").GetString()}");
        var byAuthor = await GetAsync($"/api/v1/feeds/rss?author={author.GetProperty("slug").GetString()}");
        byAuthor.Headers.GetValues("Surrogate-Key").Single().Split(' ').ShouldContain($"author-{author.GetProperty("id").GetString()}");
        byAuthor.Headers.GetValues("Cache-Tag").Single().Split(',').ShouldContain("articles");
    }

    [Fact]
    public async Task Feeds_List_Only_Public_Articles_Newest_First_Up_To_The_Limit()
    {
        var older = await PublishAsync("Più vecchio " + Guid.NewGuid().ToString("N")[..6], publishAt: api.Now.AddDays(-2).ToString("O"));
        var newer = await PublishAsync("Più recente " + Guid.NewGuid().ToString("N")[..6], publishAt: api.Now.AddDays(-1).ToString("O"));
        var draft = Requests.Article(_author).With("title", "Bozza " + Guid.NewGuid().ToString("N")[..6]);
        (await _editor.PostJsonAsync("/api/v1/articles", draft)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var scheduled = await PublishAsync("Programmato " + Guid.NewGuid().ToString("N")[..6], publishAt: api.Now.AddDays(1).ToString("O"));

        var titles = JsonDocument.Parse(await ReadAsync("/api/v1/feeds/json?limit=100", "application/feed+json")).RootElement
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();
        titles.ShouldNotContain(draft["title"]);
        titles.ShouldNotContain(scheduled.GetProperty("title").GetString());
        titles.IndexOf(newer.GetProperty("title").GetString()).ShouldBeLessThan(titles.IndexOf(older.GetProperty("title").GetString()));

        var one = JsonDocument.Parse(await ReadAsync("/api/v1/feeds/json?limit=1", "application/feed+json")).RootElement;
        one.GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Feeds_Filter_By_Tag_Author_And_Language()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var tagged = await PublishAsync("Con etichetta " + suffix, tags: ["Etichetta " + suffix]);
        var english = await PublishAsync("In English " + suffix, language: "en");
        var tag = tagged.GetProperty("tags")[0].GetProperty("slug").GetString();

        var byTag = JsonDocument.Parse(await ReadAsync($"/api/v1/feeds/json?tag={tag}", "application/feed+json")).RootElement;
        byTag.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ShouldBe([tagged.GetProperty("title").GetString()]);
        byTag.GetProperty("home_page_url").GetString().ShouldBe($"{SiteUrl}/tags/{tag}");

        var inEnglish = JsonDocument.Parse(await ReadAsync("/api/v1/feeds/json?language=en&limit=100", "application/feed+json")).RootElement;
        inEnglish.GetProperty("language").GetString().ShouldBe("en");
        var englishTitles = inEnglish.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();
        englishTitles.ShouldContain(english.GetProperty("title").GetString());
        englishTitles.ShouldNotContain(tagged.GetProperty("title").GetString());

        var other = await _editor.PostJsonAsync("/api/v1/authors", new { name = "Altro autore " + suffix });
        var otherSlug = (await other.JsonAsync()).GetProperty("slug").GetString()!;
        var created = await _editor.PostJsonAsync("/api/v1/articles", Requests.Article(otherSlug).With("title", "Di un altro " + suffix));
        var otherId = (await created.JsonAsync()).GetProperty("id").GetString();
        (await _editor.PostJsonAsync($"/api/v1/articles/{otherId}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var byAuthor = await DistributionChecks.FeedParserAsync(await ReadAsync($"/api/v1/feeds/atom?author={otherSlug}", "application/atom+xml"));
        byAuthor.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("title").GetString()).ShouldBe(["Di un altro " + suffix]);
        byAuthor.GetProperty("feed").GetProperty("link").GetString().ShouldBe($"{SiteUrl}/authors/{otherSlug}");
        var mine = await DistributionChecks.FeedParserAsync(await ReadAsync($"/api/v1/feeds/rss?author={_author}&limit=100", "application/rss+xml"));
        mine.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("title").GetString()).ShouldNotContain("Di un altro " + suffix);
        mine.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("title").GetString()).ShouldContain(tagged.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/api/v1/feeds/rss?tag=nessuna-etichetta")]
    [InlineData("/api/v1/feeds/atom?author=nessun-autore")]
    [InlineData("/api/v1/feeds/json?tag=nessuna-etichetta")]
    public async Task Unknown_Tag_Or_Author_Answers_404(string url) =>
        await (await GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task A_Language_Nobody_Writes_In_Is_An_Empty_Feed()
    {
        var feed = JsonDocument.Parse(await ReadAsync("/api/v1/feeds/json?language=fi", "application/feed+json")).RootElement;
        feed.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/v1/feeds/rss?limit=0", "limit")]
    [InlineData("/api/v1/feeds/rss?limit=101", "limit")]
    [InlineData("/api/v1/feeds/atom?limit=abc", "limit")]
    [InlineData("/api/v1/feeds/json?tag=Not%20A%20Slug", "tag")]
    [InlineData("/api/v1/feeds/json?author=a%26b", "author")]
    [InlineData("/api/v1/feeds/rss?language=xx-%3F%3F", "language")]
    public async Task Invalid_Parameters_Answer_400_Naming_Them(string url, string field) =>
        await (await GetAsync(url)).ShouldBeValidationProblemAsync(field);

    [Fact]
    public async Task Feeds_Are_Cached_And_Conditional_And_A_Write_Makes_The_Next_Read_Fresh()
    {
        var article = await PublishAsync("Prima versione " + Guid.NewGuid().ToString("N")[..6]);
        var id = article.GetProperty("id").GetString();
        foreach (var url in new[] { "/api/v1/feeds/rss", "/api/v1/feeds/atom", "/api/v1/feeds/json" })
        {
            var first = await GetAsync(url);
            var etag = first.Headers.ETag!.ToString();
            (await GetAsync(url, ifNoneMatch: etag)).StatusCode.ShouldBe(HttpStatusCode.NotModified, url);
        }
        var etags = new Dictionary<string, string>();
        foreach (var url in new[] { "/api/v1/feeds/rss", "/api/v1/feeds/atom", "/api/v1/feeds/json" })
            etags[url] = (await GetAsync(url)).Headers.ETag!.ToString();

        var current = await _editor.GetAsync($"/api/v1/articles/{id}", _ct);
        var changedTitle = "Seconda versione & <nuova> " + Guid.NewGuid().ToString("N")[..6];
        var update = Requests.Article(_author).With("title", changedTitle).With("tags", new[] { "Diplomazia & <Pace>" });
        var put = await _editor.PutJsonAsync($"/api/v1/articles/{id}", update, current.ETag());
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync(_ct));

        foreach (var (url, etag) in etags)
        {
            var fresh = await GetAsync(url, ifNoneMatch: etag);
            fresh.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            fresh.Headers.ETag!.ToString().ShouldNotBe(etag);
            var body = await fresh.Content.ReadAsStringAsync(_ct);
            if (url.EndsWith("json"))
                JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray()
                    .Single(i => i.GetProperty("id").GetString() == $"urn:uuid:{id}").GetProperty("title").GetString().ShouldBe(changedTitle);
            else
                Entry(await DistributionChecks.FeedParserAsync(body), id!).GetProperty("title").GetString().ShouldBe(changedTitle, url);
        }
    }

    [Fact]
    public async Task A_Second_Read_Is_Served_From_The_Response_Cache()
    {
        await PublishAsync("Per la cache " + Guid.NewGuid().ToString("N")[..6]);
        var counter = _host.Services.GetRequiredService<SqlCommandCounter>();
        foreach (var url in new[] { "/api/v1/feeds/rss?limit=7", "/api/v1/feeds/atom?limit=7", "/api/v1/feeds/json?limit=7" })
        {
            await GetAsync(url);
            var id = Guid.NewGuid().ToString();
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add(SqlCommandCounter.Header, id);
            (await _anonymous.SendAsync(request, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            counter.CountFor(id).ShouldBe(0, url);
        }
    }

    [Fact]
    public async Task Feeds_Are_Compressed_When_Asked_With_The_Codings_ETag()
    {
        await PublishAsync("Compresso " + Guid.NewGuid().ToString("N")[..6]);
        var identity = await GetAsync("/api/v1/feeds/rss");
        var brotli = await GetAsync("/api/v1/feeds/rss", acceptEncoding: "br");
        brotli.Content.Headers.ContentEncoding.ShouldBe(["br"]);
        brotli.Headers.ETag!.ToString().ShouldBe(identity.Headers.ETag!.ToString().Insert(identity.Headers.ETag!.ToString().Length - 1, "-br"));
        brotli.Content.Headers.ContentType!.MediaType.ShouldBe("application/rss+xml");
    }
}
