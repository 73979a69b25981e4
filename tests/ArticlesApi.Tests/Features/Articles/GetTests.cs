using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

public sealed class GetTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Get_By_Id_Or_Slug_Returns_The_Full_Article_With_Citations_Grouped_By_Source()
    {
        var data = new ArticleData(api);
        var (agency, ministry) = (Fakes.Source(SourceKind.Agency), Fakes.Source(SourceKind.Government));
        var article = Fakes.Article(markdown: "Il **trattato** è fermo.\n\nSecondo l'agenzia, nulla è deciso.");
        article.Citations.AddRange([
            new Citation { Source = agency, Claim = "Nulla è deciso", Attribution = "secondo", Position = 0 },
            new Citation { Source = ministry, Claim = "Si tratta ancora", Attribution = "ha detto", Quote = "Trattiamo", Position = 1 },
            new Citation { Source = agency, Claim = "Il voto slitta", Position = 2 },
        ]);
        await data.AddAsync(article, _ct);

        var byId = await _client.GetAsync($"/api/v1/articles/{article.Id}", _ct);
        var bySlug = await (await _client.GetAsync($"/api/v1/articles/{article.Slug}", _ct)).ReadAsync<ArticleResponse>(_ct);

        byId.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = JsonDocument.Parse(await byId.Content.ReadAsStringAsync(_ct)).RootElement;
        bySlug.Id.ShouldBe(article.Id);
        bySlug.Body.Markdown.ShouldStartWith("Il **trattato**");
        bySlug.Body.Html!.ShouldContain("<strong>trattato</strong>");
        bySlug.Body.Text!.ShouldNotContain("**");
        bySlug.WordCount.ShouldBe(article.WordCount);
        bySlug.ReadingTimeMinutes.ShouldBe(1);
        bySlug.Citations.Select(c => c.Position).ShouldBe([0, 1, 2]);
        var groups = json.GetProperty("citationsBySource").EnumerateArray().ToList();
        groups.Select(g => g.GetProperty("source").GetProperty("slug").GetString()).ShouldBe([agency.Slug, ministry.Slug]);
        groups[0].GetProperty("citations").GetArrayLength().ShouldBe(2);
        groups[0].GetProperty("source").GetProperty("kind").GetString().ShouldBe("agency");
    }

    [Fact]
    public async Task Anonymous_And_Staff_Readers_Get_The_Same_Bytes_And_ETag_Of_A_Published_Article()
    {
        // The anonymous read is a compiled query; staff readers and writers build the same projection per request.
        var data = new ArticleData(api);
        // Scheduled, and its time has come: it reads as published.
        var article = Fakes.Article(markdown: "Il **trattato** è fermo.", status: ArticleStatus.Scheduled,
            publishedAt: DateTime.UtcNow.AddMinutes(-5));
        article.Citations.Add(new Citation { Source = Fakes.Source(), Claim = "Nulla è deciso", Position = 0 });
        await data.AddAsync(article, _ct);
        var editor = (await api.EditorAsync()).Client;

        foreach (var url in new[] { $"/api/v1/articles/{article.Slug}", $"/api/v1/articles/{article.Id}?formats=html,text" })
        {
            using var anonymous = await _client.GetAsync(url, _ct);
            using var staff = await editor.GetAsync(url, _ct);

            anonymous.StatusCode.ShouldBe(HttpStatusCode.OK);
            staff.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await anonymous.Content.ReadAsStringAsync(_ct)).ShouldBe(await staff.Content.ReadAsStringAsync(_ct));
            anonymous.Headers.ETag.ShouldBe(staff.Headers.ETag);
        }
        var read = await (await _client.GetAsync($"/api/v1/articles/{article.Slug}", _ct)).ReadAsync<ArticleResponse>(_ct);
        read.Status.ShouldBe(ArticleStatus.Published);
    }

    [Fact]
    public async Task Formats_Narrows_The_Body()
    {
        var article = await new ArticleData(api).AddAsync(Fakes.Article(), _ct);

        var response = await _client.GetAsync($"/api/v1/articles/{article.Slug}?formats=html,text", _ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct)).RootElement.GetProperty("body");

        body.TryGetProperty("markdown", out _).ShouldBeFalse();
        body.GetProperty("html").GetString().ShouldNotBeNullOrEmpty();
        body.GetProperty("text").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Get_With_Unknown_Format_Returns_400()
    {
        var article = await new ArticleData(api).AddAsync(Fakes.Article(), _ct);

        var response = await _client.GetAsync($"/api/v1/articles/{article.Slug}?formats=html,pdf", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorNamesAsync(_ct)).ShouldBe(["formats"]);
    }

    [Fact]
    public async Task Drafts_Future_Scheduled_Archived_And_Trashed_Articles_Answer_404()
    {
        var data = new ArticleData(api);
        var trashed = Fakes.Article();
        trashed.DeletedAt = DateTime.UtcNow;
        var hidden = await data.AddAsync([
            Fakes.Article(status: ArticleStatus.Draft),
            Fakes.Article(status: ArticleStatus.Scheduled, publishedAt: DateTime.UtcNow.AddHours(1)),
            Fakes.Article(status: ArticleStatus.Archived),
            trashed,
        ], _ct);
        var due = await data.AddAsync(Fakes.Article(status: ArticleStatus.Scheduled, publishedAt: DateTime.UtcNow.AddSeconds(-1)), _ct);

        foreach (var article in hidden)
        {
            (await _client.GetAsync($"/api/v1/articles/{article.Slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await _client.GetAsync($"/api/v1/articles/{article.Id}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        var shown = await (await _client.GetAsync($"/api/v1/articles/{due.Slug}", _ct)).ReadAsync<ArticleResponse>(_ct);
        shown.Status.ShouldBe(ArticleStatus.Published);
        (await _client.GetAsync("/api/v1/articles/no-such-article", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_Carries_An_ETag_And_Answers_304_When_It_Matches()
    {
        var article = await new ArticleData(api).AddAsync(Fakes.Article(), _ct);
        var url = $"/api/v1/articles/{article.Slug}";

        var first = await _client.GetAsync(url, _ct);
        first.Headers.CacheControl!.Public.ShouldBeTrue();
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        (await _client.SendAsync(conditional, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Get_Costs_A_Fixed_Number_Of_Sql_Commands()
    {
        var data = new ArticleData(api);
        var article = Fakes.Article();
        article.Citations.AddRange(Enumerable.Range(0, 10).Select(i => new Citation { Source = Fakes.Source(), Claim = $"c{i}", Position = i }));
        await data.AddAsync(article, _ct, Fakes.Tag(), Fakes.Tag(), Fakes.Tag());
        // The site (for public URLs) is read once per content generation: by a first read, not by the one counted, on a host
        // started after the writes that does not poll for changes (a poll could advance the generation in between). The
        // first read is the same article in another format (another cache entry): a front page may come from the ready-made
        // summaries, which do not read the site.
        // The query path (the ready-made doc is one statement of its own: ReadyArticleTests).
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Caching:ChangePollMilliseconds", "0")
            .UseSetting(ArticlesApi.Features.Articles.Ready.ReadyArticles.EnabledSetting, "false"));
        var client = host.CreateClient();
        (await client.GetAsync($"/api/v1/articles/{article.Slug}?formats=text", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{article.Slug}");
        request.Headers.Add(SqlCommandCounter.Header, id);

        (await client.SendAsync(request, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        host.Services.GetRequiredService<SqlCommandCounter>().CountFor(id).ShouldBe(5, "the article, its authors, tags, citations and corrections");
    }
}
