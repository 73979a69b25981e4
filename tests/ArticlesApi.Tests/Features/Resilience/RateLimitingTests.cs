using System.Net;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArticlesApi.Tests.Features.Resilience;

/// The limiter with tiny limits, on hosts of their own (the shared host runs with limiting off).
public sealed class RateLimitingTests(ApiFactory api)
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    WebApplicationFactory<Program> Limited(int anonymous = 1000, int writes = 1000, int keyReads = 1000, int windowSeconds = 60) =>
        api.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimiting:Enabled", "true");
            b.UseSetting("RateLimiting:Anonymous:PermitLimit", anonymous.ToString());
            b.UseSetting("RateLimiting:Anonymous:WindowSeconds", windowSeconds.ToString());
            b.UseSetting("RateLimiting:Writes:PermitLimit", writes.ToString());
            b.UseSetting("RateLimiting:Writes:WindowSeconds", windowSeconds.ToString());
            b.UseSetting("RateLimiting:KeyReads:PermitLimit", keyReads.ToString());
        });

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
        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
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
        await using var host = Limited(anonymous: 2, windowSeconds: 1);
        var client = host.CreateClient();
        (await client.GetAsync("/api/v1/tags", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/tags", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await client.GetAsync("/api/v1/tags", _ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        await Task.Delay(TimeSpan.FromSeconds(Header(refused, "RateLimit-Reset")) + TimeSpan.FromMilliseconds(250), _ct);

        (await client.GetAsync("/api/v1/tags", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_And_Swagger_Are_Not_Limited()
    {
        await using var host = Limited(anonymous: 1);
        var client = host.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("/health/live", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await client.GetAsync("/swagger/v1/swagger.json", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Disabled_Limiting_Lets_Everything_Through_Without_RateLimit_Fields()
    {
        var client = api.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetAsync("/api/v1/tags", _ct)));
        answers.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK && !r.Headers.Contains("RateLimit-Limit"));
    }
}
