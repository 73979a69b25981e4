using System.Net;
using System.Net.Http.Headers;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Resilience;

/// The limiter with tiny limits, on hosts of their own (the class's host runs with limiting off). Their
/// clock stands still unless a test moves it, so no window ends in the middle of a test.
public sealed class RateLimitingTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    WebApplicationFactory<Program> Limited(int anonymous = 1000, int writes = 1000, int keyReads = 1000, int windowSeconds = 60, int other = 1000) =>
        api.WithWebHostBuilder(b => Limits(b, anonymous, writes, keyReads, windowSeconds, other));

    static void Limits(IWebHostBuilder b, int anonymous = 1000, int writes = 1000, int keyReads = 1000, int windowSeconds = 60, int other = 1000)
    {
        b.UseSetting("RateLimiting:Enabled", "true");
        b.UseSetting("RateLimiting:Anonymous:PermitLimit", anonymous.ToString());
        b.UseSetting("RateLimiting:Anonymous:WindowSeconds", windowSeconds.ToString());
        b.UseSetting("RateLimiting:Writes:PermitLimit", writes.ToString());
        b.UseSetting("RateLimiting:Writes:WindowSeconds", windowSeconds.ToString());
        b.UseSetting("RateLimiting:KeyReads:PermitLimit", keyReads.ToString());
        b.UseSetting("RateLimiting:Other:PermitLimit", other.ToString());
    }

    static HttpClient WithKey(WebApplicationFactory<Program> host, string secret)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// What a leaked or guessed key looks like: the format of a real one, unknown to the database.
    static string JunkKey() => ApiKeySecrets.Generate();

    static int Header(HttpResponseMessage response, string name) => int.Parse(response.Headers.GetValues(name).Single());

    [Fact]
    public async Task Anonymous_Reads_Are_Limited_Per_Address_With_429_Retry_After_And_RateLimit_Fields()
    {
        await using var host = Limited(anonymous: 5);
        var client = host.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
            answers.Add(await client.GetAsync("/api/v1/tags", _ct));

        answers.Take(5).ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        answers.Take(5).Select(r => Header(r, "RateLimit-Remaining")).ShouldBe([4, 3, 2, 1, 0]);
        answers.ShouldAllBe(r => Header(r, "RateLimit-Limit") == 5);
        answers.ShouldAllBe(r => Header(r, "RateLimit-Reset") >= 0 && Header(r, "RateLimit-Reset") <= 60);
        var refused = answers[5];
        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        Header(refused, "RateLimit-Remaining").ShouldBe(0);
    }

    [Fact]
    public async Task Writes_Are_Limited_Per_Key_And_One_Key_Does_Not_Use_Up_Another()
    {
        await using var host = Limited(writes: 3);
        var one = await api.EditorAsync();
        var two = await api.EditorAsync();
        var first = host.CreateClient();
        first.DefaultRequestHeaders.Authorization = one.Client.DefaultRequestHeaders.Authorization;
        var second = host.CreateClient();
        second.DefaultRequestHeaders.Authorization = two.Client.DefaultRequestHeaders.Authorization;
        // A key's first request on an instance counts against its address, until the key has authenticated.
        (await first.GetAsync("/api/v1/tags", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.GetAsync("/api/v1/tags", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await first.PostJsonAsync("/api/v1/tags", new { name = $"Limited {Guid.NewGuid():N}" })).StatusCode);
        var other = await second.PostJsonAsync("/api/v1/tags", new { name = $"Other {Guid.NewGuid():N}" });
        var read = await first.GetAsync("/api/v1/tags", _ct);

        statuses.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests]);
        other.StatusCode.ShouldBe(HttpStatusCode.Created);
        read.StatusCode.ShouldBe(HttpStatusCode.OK, "reads with a key have their own window");
    }

    [Fact]
    public async Task The_Window_Resets_When_RateLimit_Reset_Says()
    {
        await using var host = Limited(anonymous: 2, windowSeconds: 30);
        var client = host.CreateClient();
        (await client.GetAsync("/api/v1/tags", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/tags", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await client.GetAsync("/api/v1/tags", _ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var reset = TimeSpan.FromSeconds(Header(refused, "RateLimit-Reset"));
        reset.ShouldBe(TimeSpan.FromSeconds(30));
        refused.Headers.RetryAfter!.Delta.ShouldBe(reset);

        api.Time.Advance(reset - TimeSpan.FromSeconds(1));
        var stillRefused = await client.GetAsync("/api/v1/tags", _ct);
        api.Time.Advance(TimeSpan.FromSeconds(1));
        var allowed = await client.GetAsync("/api/v1/tags", _ct);

        stillRefused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        Header(stillRefused, "RateLimit-Reset").ShouldBe(1);
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(allowed, "RateLimit-Remaining").ShouldBe(1);
        Header(allowed, "RateLimit-Reset").ShouldBe(30);
    }

    [Fact]
    public async Task Health_And_Swagger_Share_A_Window_Of_Their_Own_Per_Address()
    {
        await using var host = Limited(anonymous: 1, other: 4);
        var client = host.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            answers.Add(await client.GetAsync("/health/live", _ct));
            answers.Add(await client.GetAsync("/swagger/v1/swagger.json", _ct));
        }
        var refused = await client.GetAsync("/health/ready", _ct);
        var api = await client.GetAsync("/api/v1/tags", _ct);

        answers.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK && Header(r, "RateLimit-Limit") == 4);
        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        api.StatusCode.ShouldBe(HttpStatusCode.OK, "the API's anonymous window is another one");
        Header(api, "RateLimit-Limit").ShouldBe(1);
    }

    [Fact]
    public async Task Junk_Keys_From_One_Address_Share_Its_Anonymous_Window_And_Stop_Reaching_The_Database()
    {
        await using var host = Limited(anonymous: 5);
        var counter = host.Services.GetRequiredService<SqlCommandCounter>();
        var id = Guid.NewGuid().ToString();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 1000; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tags");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", JunkKey());
            request.Headers.Add(SqlCommandCounter.Header, id);
            statuses.Add((await host.CreateClient().SendAsync(request, _ct)).StatusCode);
        }
        var anonymous = await host.CreateClient().GetAsync("/api/v1/tags", _ct);

        statuses.Take(5).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        statuses.Skip(5).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        counter.CountFor(id).ShouldBe(5, "one key lookup per junk key let through, none for the refused ones");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "junk keys count against the address they come from");
    }

    [Fact]
    public async Task Malformed_Authorization_Values_Never_Reach_The_Database()
    {
        await using var host = Limited();
        var counter = host.Services.GetRequiredService<SqlCommandCounter>();
        var id = Guid.NewGuid().ToString();

        foreach (var value in new[] { "Bearer x", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + new string('a', 257), "ak_without_scheme_0123456789abcdefghij" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tags");
            request.Headers.TryAddWithoutValidation("Authorization", value);
            request.Headers.Add(SqlCommandCounter.Header, id);
            await (await host.CreateClient().SendAsync(request, _ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        counter.CountFor(id).ShouldBe(0);
    }

    [Fact]
    public async Task A_Key_Gets_Its_Own_Window_Once_It_Has_Authenticated()
    {
        await using var host = Limited(anonymous: 2, keyReads: 50);
        var editor = await api.EditorAsync();
        var client = WithKey(host, editor.Secret);

        var first = await client.GetAsync("/api/v1/tags", _ct);
        var second = await client.GetAsync("/api/v1/tags", _ct);
        var anonymous = await host.CreateClient().GetAsync("/api/v1/tags", _ct);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(first, "RateLimit-Limit").ShouldBe(2, "an unverified key counts against its address");
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(second, "RateLimit-Limit").ShouldBe(50);
        Header(second, "RateLimit-Remaining").ShouldBe(49);
        Header(anonymous, "RateLimit-Remaining").ShouldBe(0);
    }

    [Fact]
    public async Task A_Reader_Key_Has_A_Window_Of_Its_Own_Apart_From_Key_Reads_And_Its_Address()
    {
        await using var host = api.WithWebHostBuilder(b =>
        {
            Limits(b, anonymous: 2, keyReads: 5);
            b.UseSetting("RateLimiting:Readers:PermitLimit", "40");
        });
        var reader = WithKey(host, (await api.CallerAsync(ArticlesApi.Domain.Role.Reader)).Secret);
        var other = WithKey(host, (await api.CallerAsync(ArticlesApi.Domain.Role.Reader)).Secret);

        var first = await reader.GetAsync("/api/v1/tags", _ct);
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
            answers.Add(await reader.GetAsync("/api/v1/tags", _ct));
        var write = await reader.PostJsonAsync("/api/v1/tags", new { name = "Reader's tag" });
        await other.GetAsync("/api/v1/tags", _ct);
        var otherSecond = await other.GetAsync("/api/v1/tags", _ct);

        Header(first, "RateLimit-Limit").ShouldBe(2, "an unverified key counts against its address");
        answers.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK && Header(r, "RateLimit-Limit") == 40);
        Header(answers[^1], "RateLimit-Remaining").ShouldBe(30);
        await write.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Header(write, "RateLimit-Remaining").ShouldBe(29, "a reader's refused write counts in its own window");
        Header(otherSecond, "RateLimit-Remaining").ShouldBe(39, "each reader key has its own window");
    }

    [Fact]
    public async Task A_Revoked_Key_Falls_Back_To_Its_Address_Window_At_Once()
    {
        await using var host = Limited(anonymous: 100, keyReads: 50, writes: 50);
        var editor = await api.EditorAsync();
        var admin = await api.AdminAsync();
        var client = WithKey(host, editor.Secret);
        var adminClient = WithKey(host, admin.Secret);
        (await client.GetAsync("/api/v1/tags", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(await client.GetAsync("/api/v1/tags", _ct), "RateLimit-Limit").ShouldBe(50);
        await adminClient.GetAsync("/api/v1/tags", _ct);

        (await adminClient.DeleteAsync($"/api/v1/keys/{editor.KeyId}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = await client.GetAsync("/api/v1/tags", _ct);

        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Header(after, "RateLimit-Limit").ShouldBe(100);
    }

    [Fact]
    public async Task A_Search_Counts_As_Ten_Requests_Of_Its_Window()
    {
        await using var host = Limited(anonymous: 25);
        var client = host.CreateClient();

        var list = await client.GetAsync("/api/v1/articles", _ct);
        var search = await client.GetAsync("/api/v1/articles?q=trattato", _ct);
        var another = await client.GetAsync("/api/v1/articles?q=governo", _ct);
        var refused = await client.GetAsync("/api/v1/articles?q=ministro", _ct);
        var read = await client.GetAsync("/api/v1/tags", _ct);

        Header(list, "RateLimit-Remaining").ShouldBe(24);
        search.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(search, "RateLimit-Remaining").ShouldBe(14);
        Header(another, "RateLimit-Remaining").ShouldBe(4);
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        problem.GetProperty("detail").GetString()!.ShouldContain("counts as 10 requests");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        Header(refused, "RateLimit-Remaining").ShouldBe(4);
        read.StatusCode.ShouldBe(HttpStatusCode.OK, "what is left still serves cheaper requests");
        Header(read, "RateLimit-Remaining").ShouldBe(3);
        var document = System.Text.Json.JsonDocument.Parse(await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct));
        document.RootElement.GetProperty("paths").GetProperty("/api/v1/articles").GetProperty("get").GetProperty("description").GetString()!
            .ShouldContain("a request with `q` counts as 10 requests", Case.Sensitive, "the document reads the same declaration");
    }

    [Fact]
    public async Task Each_Facet_Of_A_List_Adds_Three_Requests_To_Its_Cost()
    {
        await using var host = Limited(anonymous: 40);
        var client = host.CreateClient();

        var list = await client.GetAsync("/api/v1/articles?facets=tag", _ct);
        var search = await client.GetAsync("/api/v1/articles?q=trattato&facets=tag,author,language,source", _ct);
        var repeated = await client.GetAsync("/api/v1/articles?facets=tag,tag", _ct);

        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(list, "RateLimit-Remaining").ShouldBe(36, "a list counts 1, its facet 3");
        search.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(search, "RateLimit-Remaining").ShouldBe(14, "a search counts 10, its four facets 12");
        Header(repeated, "RateLimit-Remaining").ShouldBe(10, "a facet named twice is counted once");
        var document = System.Text.Json.JsonDocument.Parse(await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct));
        document.RootElement.GetProperty("paths").GetProperty("/api/v1/articles").GetProperty("get").GetProperty("description").GetString()!
            .ShouldContain("Each value of `facets` adds 3 more.", Case.Sensitive, "the document reads the same declaration");
    }

    [Fact]
    public async Task A_Search_Costing_More_Than_A_Whole_Window_Takes_The_Whole_Window()
    {
        await using var host = Limited(anonymous: 4);
        var client = host.CreateClient();

        var search = await client.GetAsync("/api/v1/articles?q=trattato", _ct);
        var next = await client.GetAsync("/api/v1/tags", _ct);

        search.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(search, "RateLimit-Remaining").ShouldBe(0);
        next.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Without_A_Known_Proxy_X_Forwarded_For_Is_Ignored()
    {
        await using var host = KestrelHost.Start(api, b => Limits(b, anonymous: 2));
        var client = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var forwarded in new[] { "198.51.100.1", "198.51.100.2", "198.51.100.3" })
            statuses.Add((await GetForwardedFor(client, forwarded)).StatusCode);

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], "every request counts as the connection's address");
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")]
    public async Task Behind_A_Known_Proxy_Each_Forwarded_Client_Has_Its_Own_Window(string setting, string proxy)
    {
        await using var host = KestrelHost.Start(api, b =>
        {
            Limits(b, anonymous: 2);
            b.UseSetting(setting, proxy);
        });
        var client = host.CreateClient();

        var first = new[] { await GetForwardedFor(client, "198.51.100.1"), await GetForwardedFor(client, "198.51.100.1") };
        var refused = await GetForwardedFor(client, "198.51.100.1");
        // A client that writes its own X-Forwarded-For gets the address the proxy appended after it.
        var spoofing = await GetForwardedFor(client, "203.0.113.9, 198.51.100.1");
        var second = await GetForwardedFor(client, "198.51.100.2");

        first.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        spoofing.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(second, "RateLimit-Remaining").ShouldBe(1);
    }

    [Fact]
    public async Task IPv6_Clients_Count_By_Their_64_Bit_Prefix()
    {
        await using var host = KestrelHost.Start(api, b =>
        {
            Limits(b, anonymous: 2);
            b.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
        });
        var client = host.CreateClient();

        var sameSubscriber = new[]
        {
            await GetForwardedFor(client, "2001:db8:0:1::1"), await GetForwardedFor(client, "2001:db8:0:1::2"),
            await GetForwardedFor(client, "2001:db8:0:1:ffff::3"),
        };
        var neighbour = await GetForwardedFor(client, "2001:db8:0:2::1");

        sameSubscriber.Select(r => r.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
        neighbour.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    Task<HttpResponseMessage> GetForwardedFor(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tags");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request, _ct);
    }

    [Fact]
    public async Task Disabled_Limiting_Lets_Everything_Through_Without_RateLimit_Fields()
    {
        var client = api.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetAsync("/api/v1/tags", _ct)));
        answers.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK && !r.Headers.Contains("RateLimit-Limit"));
    }
}
