using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ArticlesApi.Tests.Features.Security;

/// The Host header (and X-Forwarded-Host) is the client's to choose: it must never come back in an
/// answer, where a cache would hand it to everyone. Absolute URLs come from Api:PublicUrl only.
public sealed class HostHeaderTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    const string Evil = "evil.example";

    async Task TwoPublishedArticlesAsync()
    {
        await using var db = api.Database.CreateContext();
        var author = Fakes.Author();
        for (var i = 0; i < 2; i++)
        {
            var article = Fakes.Article();
            article.Authors.Add(new ArticleAuthor { Author = author, Position = 0 });
            db.Articles.Add(article);
        }
        await db.SaveChangesAsync(_ct);
    }

    /// Every kind of answer that could carry a URL, each asked for with a forged Host and X-Forwarded-Host.
    async Task<List<(string What, HttpResponseMessage Response, string Body)>> AskEverythingAsync(KestrelHost host, string editorSecret)
    {
        var answers = new List<(string, HttpResponseMessage, string)>();
        foreach (var (method, url) in new[]
                 {
                     (HttpMethod.Get, "/api/v1/articles?limit=1"), (HttpMethod.Get, "/api/v1/tags?limit=1"), (HttpMethod.Get, "/api/v1"),
                     (HttpMethod.Get, "/swagger/v1/swagger.json"), (HttpMethod.Get, "/api/v1/nowhere"), (HttpMethod.Post, "/api/v1/tags"),
                 })
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Host = Evil;
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", Evil);
            request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
            if (method == HttpMethod.Post)
            {
                request.Headers.Authorization = new("Bearer", editorSecret);
                request.Content = new StringContent(JsonSerializer.Serialize(new { name = $"Host {Guid.NewGuid():N}" }),
                    System.Text.Encoding.UTF8, "application/json");
            }
            var response = await host.CreateClient().SendAsync(request, _ct);
            answers.Add(($"{method} {url}", response, await response.Content.ReadAsStringAsync(_ct)));
        }
        return answers;
    }

    [Fact]
    public async Task A_Forged_Host_Appears_Nowhere_In_Any_Answer()
    {
        await TwoPublishedArticlesAsync();
        var editor = await api.EditorAsync();
        // Even behind a trusted proxy: only X-Forwarded-For and -Proto are taken from it.
        await using var host = KestrelHost.Start(api, b => b.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));

        var answers = await AskEverythingAsync(host, editor.Secret);

        answers.Select(a => a.Response.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK,
            HttpStatusCode.NotFound, HttpStatusCode.Created]);
        foreach (var (what, response, body) in answers)
        {
            var headers = response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => $"{h.Key}: {v}")).ToList();
            headers.ShouldNotContain(h => h.Contains(Evil, StringComparison.OrdinalIgnoreCase), what);
            body.ShouldNotContain(Evil, Case.Insensitive, what);
        }
        var link = answers[0].Response.Headers.GetValues("Link").Single();
        link.ShouldStartWith("</api/v1/articles?", Case.Sensitive, "without Api:PublicUrl the link is a relative reference");
        link.ShouldEndWith(">; rel=\"next\"");
        JsonDocument.Parse(answers[3].Body).RootElement.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString())
            .ShouldBe(["/"], "without Api:PublicUrl the server is the host that served the document");
    }

    [Fact]
    public async Task With_A_Public_Url_Links_And_The_OpenApi_Server_Are_Absolute_Under_It()
    {
        await TwoPublishedArticlesAsync();
        var editor = await api.EditorAsync();
        await using var host = KestrelHost.Start(api, b => b.UseSetting("Api:PublicUrl", "https://api.example.org/"));

        var answers = await AskEverythingAsync(host, editor.Secret);

        answers[0].Response.Headers.GetValues("Link").Single().ShouldStartWith("<https://api.example.org/api/v1/articles?limit=1&cursor=");
        var servers = JsonDocument.Parse(answers[3].Body).RootElement.GetProperty("servers");
        servers.EnumerateArray().Select(s => s.GetProperty("url").GetString()).ShouldBe(["https://api.example.org"]);
        foreach (var (what, response, body) in answers)
            body.ShouldNotContain(Evil, Case.Insensitive, what);
    }
}
