using System.Net;
using System.Text.RegularExpressions;
using ArticlesApi.Tests.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ArticlesApi.Tests.Features.Security;

public sealed partial class SecurityHeadersTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static void ShouldHaveSecurityHeaders(HttpResponseMessage response, string what)
    {
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"], what);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"], what);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"], what);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("default-src 'none'", Case.Sensitive, what);
        csp.ShouldContain("frame-ancestors 'none'", Case.Sensitive, what);
    }

    [Theory]
    [InlineData("/api/v1/articles", HttpStatusCode.OK)]
    [InlineData("/api/v1/articles/no-such-article", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/articles?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/keys", HttpStatusCode.Unauthorized)]
    [InlineData("/api/v1/nowhere", HttpStatusCode.NotFound)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    [InlineData("/swagger/v1/swagger.json", HttpStatusCode.OK)]
    [InlineData("/swagger/index.html", HttpStatusCode.OK)]
    public async Task Every_Answer_Carries_The_Security_Headers(string url, HttpStatusCode status)
    {
        var response = await api.CreateClient().GetAsync(url, _ct);

        response.StatusCode.ShouldBe(status);
        ShouldHaveSecurityHeaders(response, url);
    }

    [Fact]
    public async Task A_304_Carries_Them_Too()
    {
        // Public reads find a tag once a published article carries it.
        var data = new ArticleData(api);
        await data.AddAsync(Fakes.Article(), _ct);
        var url = $"/api/v1/tags/{data.Tag.Slug}";
        var first = await api.CreateClient().GetAsync(url, _ct);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("If-None-Match", first.ETag());

        var response = await api.CreateClient().SendAsync(request, _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        ShouldHaveSecurityHeaders(response, "304");
    }

    /// A browser-less check of Swagger UI under its policy: the page has no inline script, and every
    /// script and stylesheet it names loads from this origin with the right type (script-src and
    /// style-src 'self'), as does the OpenAPI document it fetches (connect-src 'self').
    [Fact]
    public async Task Swagger_Ui_Loads_Everything_It_Needs_Under_Its_Content_Security_Policy()
    {
        var client = api.CreateClient();
        var page = await client.GetAsync("/swagger/index.html", _ct);
        var html = await page.Content.ReadAsStringAsync(_ct);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();

        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("'unsafe-eval'");
        csp.ShouldNotContain("script-src 'self' 'unsafe-inline'");
        ScriptTags().Matches(html).ShouldAllBe(m => m.Groups["src"].Success, "an inline <script> would be blocked by script-src 'self'");

        var resources = ScriptTags().Matches(html).Select(m => (m.Groups["src"].Value, "javascript"))
            .Concat(StylesheetLinks().Matches(html).Select(m => (m.Groups["href"].Value, "css")))
            .ToList();
        resources.Count.ShouldBeGreaterThanOrEqualTo(4);
        foreach (var (url, type) in resources)
        {
            url.ShouldNotStartWith("http", Case.Insensitive, "every resource comes from this origin");
            var resource = await client.GetAsync(new Uri(new Uri("http://localhost/swagger/index.html"), url), _ct);
            resource.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            resource.Content.Headers.ContentType!.MediaType!.ShouldContain(type, Case.Insensitive, url);
        }
        var config = await (await client.GetAsync("/swagger/index.js", _ct)).Content.ReadAsStringAsync(_ct);
        config.ShouldContain("/swagger/v1/swagger.json");
        (await client.GetAsync("/swagger/v1/swagger.json", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cors_Allows_The_Configured_Front_Ends_And_Exposes_The_Headers_They_Read()
    {
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Cors:AllowedOrigins:0", "https://front.example"));
        var client = host.CreateClient();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/articles");
        preflight.Headers.Add("Origin", "https://front.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        var read = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
        read.Headers.Add("Origin", "https://front.example");
        var stranger = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
        stranger.Headers.Add("Origin", "https://evil.example");

        var allowed = await client.SendAsync(preflight, _ct);
        var answered = await client.SendAsync(read, _ct);
        var refused = await client.SendAsync(stranger, _ct);

        allowed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://front.example"]);
        string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant().ShouldContain("idempotency-key");
        allowed.Headers.Contains("Access-Control-Allow-Credentials").ShouldBeFalse();
        answered.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://front.example"]);
        var exposed = string.Join(",", answered.Headers.GetValues("Access-Control-Expose-Headers"));
        foreach (var header in new[] { "ETag", "Link", "Location", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After" })
            exposed.ShouldContain(header);
        refused.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task Without_Configured_Origins_No_Cross_Origin_Access_Is_Granted()
    {
        var read = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
        read.Headers.Add("Origin", "https://front.example");

        var response = await api.CreateClient().SendAsync(read, _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [GeneratedRegex("""<script(?:\s+[^>]*?src=["'](?<src>[^"']+)["'])?[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTags();

    [GeneratedRegex(""""<link[^>]*rel="stylesheet"[^>]*href="(?<href>[^"]+)"""", RegexOptions.IgnoreCase)]
    private static partial Regex StylesheetLinks();
}
