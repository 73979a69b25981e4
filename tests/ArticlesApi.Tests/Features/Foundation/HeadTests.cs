using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ArticlesApi.Tests.Features.Media;
using ArticlesApi.Tests.Infrastructure;
using ArticlesApi.Tests.Infrastructure.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Foundation;

/// RFC 9110 §9.3.2: every GET route answers HEAD with the status and headers of the GET and no body.
/// The routes come from the app's own endpoint data source, so a new GET route is covered without
/// touching this class; the HEADs go through the contract check too (`x-answers-head`).
public sealed class HeadTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// Served by middleware rather than endpoints, so not in the endpoint data source.
    static readonly string[] DocumentationUrls = ["/swagger/v1/swagger.json", "/swagger/index.html"];

    sealed record Answer(HttpStatusCode Status, string[] Headers, byte[] Body)
    {
        public string? ETag => Headers.FirstOrDefault(h => h.StartsWith("ETag: ", StringComparison.Ordinal))?[6..];

        public override string ToString() => $"{(int)Status}\n  {string.Join("\n  ", Headers)}";
    }

    static async Task<Answer> SendAsync(HttpClient client, HttpMethod method, string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (ifNoneMatch is not null)
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        // NonValidated: reading ContentLength would compute one from the buffered body when the answer has none.
        var headers = response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .Where(h => h.Key is not ("Date" or "Transfer-Encoding"))
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return new Answer(response.StatusCode, headers, body);
    }

    /// GET then HEAD: the HEAD must answer the GET's status and headers, and no body.
    static async Task<Answer> ShouldAnswerHeadLikeGetAsync(HttpClient client, string url, string? ifNoneMatch = null)
    {
        var get = await SendAsync(client, HttpMethod.Get, url, ifNoneMatch);
        var head = await SendAsync(client, HttpMethod.Head, url, ifNoneMatch);
        head.Body.ShouldBeEmpty($"HEAD {url}");
        head.Status.ShouldBe(get.Status, $"HEAD {url}");
        head.Headers.ShouldBe(get.Headers, $"HEAD {url}: GET answered {get}\nHEAD answered {head}");
        return get;
    }

    /// Every route template that answers GET, with its parameters filled from the list one segment up
    /// (`/api/v1/articles/{idOrSlug}` takes the first id that `/api/v1/articles` gives an admin).
    async Task<List<(string Template, string Url)>> GetRoutesAsync(HttpClient admin)
    {
        var templates = api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains(HttpMethods.Get))
            // FastEndpoints' own helper for its testing package, not part of the API.
            .Where(e => e.RoutePattern.RawText != "_test_url_cache_")
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Distinct()
            .ToList();
        templates.ShouldContain("/api/v1/articles/{idOrSlug}");
        templates.ShouldContain("/health/ready");

        var routes = new List<(string, string)>();
        foreach (var template in templates)
        {
            // A sitemap's name comes from the index, not from a list: the authors' one exists once an article is published.
            var url = template.Replace("/sitemaps/{name}.xml", "/sitemaps/authors.xml");
            while (url.IndexOf('{') is var start and >= 0)
            {
                var list = url[..(start - 1)];
                var page = await admin.GetAsync(list, _ct);
                page.StatusCode.ShouldBe(HttpStatusCode.OK, $"{template}: its parameter is taken from {list}");
                // Items are named by id, revisions by number.
                var items = (await page.JsonAsync()).GetProperty("data").EnumerateArray().ToList();
                items.ShouldNotBeEmpty($"{template}: {list} lists nothing to take its parameter from");
                var item = items[0];
                var first = item.TryGetProperty("id", out var id) ? id.GetString() : item.GetProperty("number").GetRawText();
                url = url[..start] + first + url[(url.IndexOf('}', start) + 1)..];
            }
            routes.Add((template, url));
        }
        return routes;
    }

    /// One of everything the lists show, so every route has something to read.
    async Task<Caller> NewsroomAsync()
    {
        var admin = await api.AdminAsync();
        var author = await admin.NewAuthorIdAsync();
        var source = await admin.NewSourceIdAsync();
        var (_, _, url) = await admin.CreateArticleAsync(Requests.Article(author.ToString())
            .With("tags", new[] { $"head-{Guid.NewGuid():N}"[..16] })
            .With("citations", new[] { new { source = source.ToString(), claim = "It was said." } }));
        (await admin.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.PostJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/head", events = new[] { "article.published" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await admin.UploadPngAsync();
        return admin;
    }

    [Fact]
    public async Task Every_Get_Route_Answers_Head_With_The_Status_And_Headers_Of_Get_And_No_Body()
    {
        var admin = await NewsroomAsync();
        var anonymous = api.CreateClient();
        var routes = await GetRoutesAsync(admin.Client);

        foreach (var (template, url) in routes)
        {
            var asAdmin = await ShouldAnswerHeadLikeGetAsync(admin.Client, url);
            asAdmin.Status.ShouldBe(HttpStatusCode.OK, $"GET {template} as admin");
            await ShouldAnswerHeadLikeGetAsync(anonymous, url);
        }
        foreach (var url in DocumentationUrls)
            (await ShouldAnswerHeadLikeGetAsync(anonymous, url)).Status.ShouldBe(HttpStatusCode.OK, url);

        var article = await ShouldAnswerHeadLikeGetAsync(anonymous, routes.Single(r => r.Template == "/api/v1/articles/{idOrSlug}").Url);
        article.Headers.ShouldContain(h => h.StartsWith("Content-Length: ", StringComparison.Ordinal), "HEAD carries the Content-Length of GET");
        article.Headers.ShouldContain(h => h.StartsWith("ETag: ", StringComparison.Ordinal));
        article.Headers.ShouldContain("Cache-Control: public, max-age=60");
    }

    [Fact]
    public async Task The_Document_Marks_Every_Get_As_Answering_Head_Instead_Of_Listing_Head_Operations()
    {
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Name: $"{o.Key} {p.Key}", Method: o.Key, Operation: o.Value!)))
            .ToList();

        operations.ShouldNotContain(o => o.Method == "head");
        foreach (var (name, method, operation) in operations)
            (operation["x-answers-head"]?.GetValue<bool>() ?? false).ShouldBe(method == "get", name);
        document["info"]!["description"]!.GetValue<string>().ShouldContain("`x-answers-head: true`");
    }

    [Fact]
    public async Task Head_Answers_Problems_With_The_Status_And_Headers_Of_Get()
    {
        var admin = await NewsroomAsync();
        var badKey = api.ClientWithKey("ak_not_a_key_of_this_api_0123456789abcdefghijklmn");

        foreach (var (template, url) in await GetRoutesAsync(admin.Client))
        {
            if (!template.StartsWith("/api/", StringComparison.Ordinal))
                continue;
            (await ShouldAnswerHeadLikeGetAsync(badKey, url)).Status.ShouldBe(HttpStatusCode.Unauthorized, template);
            if (template.Contains('{'))
                // A missing item: a new id, or for a numbered one (a revision) a number never given.
                (await ShouldAnswerHeadLikeGetAsync(admin.Client, url[..url.LastIndexOf('/')]
                        + (url[(url.LastIndexOf('/') + 1)..].All(char.IsAsciiDigit) ? "/999999" : $"/{Guid.NewGuid()}")))
                    .Status.ShouldBe(HttpStatusCode.NotFound, template);
            else if (template != "/api/v1")
                (await ShouldAnswerHeadLikeGetAsync(admin.Client, $"{url}?limit=0")).Status.ShouldBe(HttpStatusCode.BadRequest, template);
        }
    }

    [Fact]
    public async Task Head_With_A_Matching_If_None_Match_Answers_304_On_Every_Api_Route()
    {
        var admin = await NewsroomAsync();
        var anonymous = api.CreateClient();

        foreach (var (template, url) in await GetRoutesAsync(admin.Client))
        {
            if (!template.StartsWith("/api/", StringComparison.Ordinal))
                continue;
            foreach (var client in new[] { anonymous, admin.Client })
            {
                var get = await SendAsync(client, HttpMethod.Get, url);
                if (get.Status != HttpStatusCode.OK && client == anonymous)
                    continue; // the key routes
                var etag = get.ETag;
                etag.ShouldNotBeNull(template);
                var notModified = await ShouldAnswerHeadLikeGetAsync(client, url, etag);
                notModified.Status.ShouldBe(HttpStatusCode.NotModified, template);
                notModified.ETag.ShouldBe(etag);
            }
        }
    }

    [Fact]
    public async Task Anonymous_Head_Of_A_Draft_Answers_404_And_Staff_Head_200()
    {
        var editor = await api.EditorAsync();
        var (draft, _, url) = await editor.CreateArticleAsync();
        var anonymous = api.CreateClient();

        foreach (var address in new[] { url, $"/api/v1/articles/{draft.GetProperty("slug").GetString()}" })
        {
            (await ShouldAnswerHeadLikeGetAsync(anonymous, address)).Status.ShouldBe(HttpStatusCode.NotFound);
            var staff = await ShouldAnswerHeadLikeGetAsync(editor.Client, address);
            staff.Status.ShouldBe(HttpStatusCode.OK);
            staff.Headers.ShouldContain("Cache-Control: private, no-cache");
        }
        await ShouldAnswerHeadLikeGetAsync(anonymous, "/api/v1/articles?status=draft");
    }

    [Fact]
    public async Task Head_Is_Answered_From_The_Response_Cache_And_A_Head_Miss_Fills_It()
    {
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Caching:ResponseSeconds", "600"));
        var client = host.CreateDefaultClient(new ContractCheckingHandler(api.ContractAsync));
        var admin = await api.AdminAsync();
        var (_, _, url) = await admin.CreateArticleAsync();
        (await admin.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var counter = host.Services.GetRequiredService<SqlCommandCounter>();

        async Task<(Answer Answer, int Sql)> ReadAsync(HttpMethod method)
        {
            var id = Guid.NewGuid().ToString();
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add(SqlCommandCounter.Header, id);
            using var response = await client.SendAsync(request, _ct);
            var body = await response.Content.ReadAsByteArrayAsync(_ct);
            var length = response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var values) ? values.ToString() : null;
            return (new Answer(response.StatusCode, [$"ETag: {response.Headers.ETag}", $"Content-Length: {length}"], body), counter.CountFor(id));
        }

        var (miss, missSql) = await ReadAsync(HttpMethod.Head);
        var (get, getSql) = await ReadAsync(HttpMethod.Get);
        var (hit, hitSql) = await ReadAsync(HttpMethod.Head);

        missSql.ShouldBeGreaterThan(0);
        getSql.ShouldBe(0, "the HEAD stored the whole answer");
        hitSql.ShouldBe(0);
        get.Status.ShouldBe(HttpStatusCode.OK);
        get.Headers.ShouldContain($"Content-Length: {get.Body.Length}");
        miss.Headers.ShouldBe(get.Headers);
        hit.Headers.ShouldBe(get.Headers);
        miss.Body.ShouldBeEmpty();
        hit.Body.ShouldBeEmpty();
    }

    [Fact]
    public async Task Head_Is_A_Read_For_Rate_Limits_And_Cross_Origin_Front_Ends()
    {
        await using var host = api.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimiting:Enabled", "true");
            b.UseSetting("RateLimiting:Anonymous:PermitLimit", "3");
            b.UseSetting("Cors:AllowedOrigins:0", "https://front.example");
        });
        var client = host.CreateDefaultClient(new ContractCheckingHandler(api.ContractAsync));

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/tags");
        preflight.Headers.Add("Origin", "https://front.example");
        preflight.Headers.Add("Access-Control-Request-Method", "HEAD");
        var allowed = await host.CreateClient().SendAsync(preflight, _ct);
        allowed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        allowed.Headers.GetValues("Access-Control-Allow-Methods").ShouldContain(m => m.Contains("HEAD"));

        var answers = new List<HttpResponseMessage>();
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head, HttpMethod.Head, HttpMethod.Head })
        {
            var request = new HttpRequestMessage(method, "/api/v1/tags");
            request.Headers.Add("Origin", "https://front.example");
            answers.Add(await client.SendAsync(request, _ct));
        }
        answers.Select(a => a.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
        answers.Select(a => a.Headers.GetValues("RateLimit-Remaining").Single()).ShouldBe(["2", "1", "0", "0"]);
        answers[3].Headers.RetryAfter.ShouldNotBeNull();
        (await answers[3].Content.ReadAsByteArrayAsync(_ct)).ShouldBeEmpty();
        answers.ShouldAllBe(a => a.Headers.GetValues("Access-Control-Allow-Origin").Single() == "https://front.example");
    }

    [Fact]
    public async Task Kestrel_Sends_Head_Without_A_Body_And_With_The_Content_Length_Of_Get()
    {
        await using var host = api.WithWebHostBuilder(_ => { });
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        var address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };

        foreach (var url in new[] { "/api/v1/tags", "/api/v1/articles/no-such-article", "/health/live" })
        {
            var get = await http.GetAsync(url, _ct);
            var body = await get.Content.ReadAsByteArrayAsync(_ct);

            using var socket = new TcpClient();
            await socket.ConnectAsync(address.Host, address.Port, _ct);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HEAD {url} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n"), _ct);
            using var received = new MemoryStream();
            await stream.CopyToAsync(received, _ct);
            var raw = Encoding.ASCII.GetString(received.ToArray());

            var end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            end.ShouldBeGreaterThan(0, raw);
            raw[(end + 4)..].ShouldBeEmpty($"HEAD {url} sent a body");
            raw.ShouldStartWith($"HTTP/1.1 {(int)get.StatusCode} ");
            var lengths = raw[..end].Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).ToList();
            if (get.Content.Headers.NonValidated.Contains("Content-Length"))
                lengths.ShouldBe([$"Content-Length: {body.Length}"], url);
            else
                lengths.ShouldBeEmpty(url);
        }
    }
}
