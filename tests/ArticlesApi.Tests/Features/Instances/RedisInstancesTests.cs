using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Instances;

/// Several instances on one database sharing a real redis-server (docs/decisions/0046-redis-shared-limits-and-invalidation.md): one rate-limit
/// window per caller across instances, a write through one instance seen at once through the other, and Redis
/// killed and started again under them. Each test starts its own instances (WithWebHostBuilder) and empties Redis,
/// so no window or cached answer carries over; the class's host is instance A where a test needs a writer.
public sealed class RedisInstancesTests(RedisApi api) : IClassFixture<RedisApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// Longer than any wait below: what has to happen takes milliseconds, this bounds a broken build.
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    WebApplicationFactory<Program> Instance(int anonymous = 1000, int changePollMilliseconds = 1000, string? redis = null,
        Action<IWebHostBuilder>? also = null) =>
        api.WithWebHostBuilder(b =>
        {
            also?.Invoke(b);
            b.UseSetting("RateLimiting:Enabled", "true");
            b.UseSetting("RateLimiting:Anonymous:PermitLimit", anonymous.ToString());
            b.UseSetting("RateLimiting:Anonymous:WindowSeconds", "60");
            b.UseSetting("Caching:ChangePollMilliseconds", changePollMilliseconds.ToString());
            if (redis is not null)
                b.UseSetting("Redis:Configuration", redis);
        });

    static int Header(HttpResponseMessage response, string name) => int.Parse(response.Headers.GetValues(name).Single());

    async Task<List<HttpResponseMessage>> ReadAsync(HttpClient client, int times)
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < times; i++)
            answers.Add(await client.GetAsync("/api/v1/tags", _ct));
        return answers;
    }

    async Task<JsonElement> HealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready", _ct);
        // Redis away must never take an instance out of the load balancer.
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    static string? RedisHealth(JsonElement health) =>
        health.GetProperty("checks").TryGetProperty("redis", out var redis) ? redis.GetProperty("status").GetString() : null;

    /// Asks until `condition` holds; fails after Patience.
    async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > Patience)
                throw new ShouldAssertException($"Not within {Patience.TotalSeconds} s: {what}");
            await Task.Delay(20, _ct);
        }
    }

    Task UntilRedisIsAsync(HttpClient client, string status) =>
        UntilAsync(async () => RedisHealth(await HealthAsync(client)) == status, $"/health/ready reports Redis {status}");

    [Fact]
    public async Task One_Clients_Rate_Limit_Is_One_Window_Across_Instances()
    {
        await api.Redis.FlushAsync();
        await using var a = Instance(anonymous: 5);
        await using var b = Instance(anonymous: 5);

        var first = await ReadAsync(a.CreateClient(), 3);
        var second = await ReadAsync(b.CreateClient(), 3);

        first.Concat(second.Take(2)).ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        first.Concat(second).Select(r => Header(r, "RateLimit-Remaining")).ShouldBe([4, 3, 2, 1, 0, 0]);
        first.Concat(second).ShouldAllBe(r => Header(r, "RateLimit-Limit") == 5);
        var refused = second[2];
        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        Header(refused, "RateLimit-Reset").ShouldBeInRange(1, 60);
        (await a.CreateClient().GetAsync("/api/v1/tags", _ct)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_Write_Through_One_Instance_Is_Read_Fresh_Through_Another_Without_Waiting_For_The_Poller()
    {
        await api.Redis.FlushAsync();
        // B does not poll content_changes: only Redis can tell it about A's writes before its cached answers expire (30 s).
        await using var b = Instance(changePollMilliseconds: 0);
        var reader = b.CreateClient();
        var editor = await api.EditorAsync();
        var (_, _, firstUrl) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{firstUrl}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await UntilRedisIsAsync(reader, "Healthy");
        var before = await reader.GetStringAsync("/api/v1/articles", _ct);
        (await reader.GetStringAsync("/api/v1/articles", _ct)).ShouldBe(before);

        var (second, _, secondUrl) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{secondUrl}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var title = second.GetProperty("title").GetString()!;
        await UntilAsync(async () => (await reader.GetStringAsync("/api/v1/articles", _ct)).Contains(title, StringComparison.Ordinal),
            "instance B lists the article published through A");
    }

    /// An instance whose ready-made worker runs once at its start and then only when a test asks; its writes re-render
    /// a tag shown by more than 2 summaries in the background.
    static void ReadyMadeByHand(IWebHostBuilder b)
    {
        b.UseSetting(ArticlesApi.Features.Articles.Ready.ReadySummaryWorker.IntervalSetting, "0");
        b.UseSetting(ArticlesApi.Features.Articles.Ready.ReadySummaries.InlineFanOutSetting, "2");
    }

    Task UntilReadyMadeIsUpToDateAsync(HttpClient client) =>
        UntilAsync(async () => (await HealthAsync(client)).GetProperty("checks").GetProperty("readymade").GetProperty("description")
            .GetString()!.StartsWith("up to date", StringComparison.Ordinal), "the ready-made worker's first run is done");

    [Fact]
    public async Task A_Tag_Rename_Re_Rendered_In_The_Background_On_One_Instance_Is_Read_Fresh_Through_Another()
    {
        await api.Redis.FlushAsync();
        await using var a = Instance(also: ReadyMadeByHand);
        // B does not poll content_changes, and a re-render records none: only Redis can tell B of A's batches.
        await using var b = Instance(changePollMilliseconds: 0, also: ReadyMadeByHand);
        var writer = a.CreateClient();
        writer.DefaultRequestHeaders.Authorization = (await api.EditorAsync()).Client.DefaultRequestHeaders.Authorization;
        var editor = new Caller(writer, Guid.Empty, ArticlesApi.Domain.Role.Editor, null, "");
        var reader = b.CreateClient();
        await UntilRedisIsAsync(writer, "Healthy");
        await UntilRedisIsAsync(reader, "Healthy");
        await UntilReadyMadeIsUpToDateAsync(writer);
        await UntilReadyMadeIsUpToDateAsync(reader);

        var author = (await editor.NewAuthorIdAsync()).ToString();
        var tag = $"fanout {Guid.NewGuid().ToString("N")[..8]}";
        for (var i = 0; i < 3; i++)
        {
            var (_, _, url) = await editor.CreateArticleAsync(Requests.Article(author).With("tags", new[] { tag }));
            (await writer.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var tagUrl = $"/api/v1/tags/{tag.Replace(' ', '-')}";
        var tagBefore = await reader.GetAsync(tagUrl, _ct);
        tagBefore.StatusCode.ShouldBe(HttpStatusCode.OK);
        var renamed = $"Renamed {Guid.NewGuid().ToString("N")[..8]}";
        (await writer.PutJsonAsync(tagUrl, new { name = renamed }, tagBefore.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        // B has heard of the rename (its cached tag is gone), but the 3 summaries showing the tag wait for the background:
        // B caches the front page with the old name under its new generation.
        await UntilAsync(async () => (await reader.GetStringAsync(tagUrl, _ct)).Contains(renamed, StringComparison.Ordinal),
            "instance B reads the renamed tag");
        var front = await reader.GetStringAsync("/api/v1/articles?limit=100", _ct);
        front.ShouldContain(tag);
        front.ShouldNotContain(renamed);
        (await reader.GetStringAsync("/api/v1/articles?limit=100", _ct)).ShouldBe(front);

        (await a.Services.GetRequiredService<ArticlesApi.Features.Articles.Ready.ReadySummaryWorker>().CatchUpAsync(_ct, wait: true))
            .ShouldBeGreaterThanOrEqualTo(3);

        // Caching:ResponseSeconds (30 s) never passes on the fake clock: only A's announcement can end B's cached page.
        await UntilAsync(async () => (await reader.GetStringAsync("/api/v1/articles?limit=100", _ct)).Contains(renamed, StringComparison.Ordinal),
            "instance B's front page shows the tag name A re-rendered in the background");
    }

    [Fact]
    public async Task Redis_Killed_Mid_Run_Leaves_Local_Limits_And_Degraded_Health_Then_Shared_Limits_Return_By_Themselves()
    {
        await api.Redis.FlushAsync();
        await using var a = Instance(anonymous: 5);
        await using var b = Instance(anonymous: 5);
        var clientA = a.CreateClient();
        var clientB = b.CreateClient();
        await UntilRedisIsAsync(clientA, "Healthy");
        await UntilRedisIsAsync(clientB, "Healthy");

        await api.Redis.StopAsync();
        try
        {
            await UntilRedisIsAsync(clientA, "Degraded");
            var health = await HealthAsync(clientB);
            health.GetProperty("status").GetString().ShouldBe("Degraded");
            health.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString()!.ShouldContain("per instance");

            // Each instance counts its own window now: A's five, then B's five.
            var onA = await ReadAsync(clientA, 6);
            onA.Take(5).ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
            await onA[5].ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
            var onB = await ReadAsync(clientB, 1);
            onB[0].StatusCode.ShouldBe(HttpStatusCode.OK);
            Header(onB[0], "RateLimit-Remaining").ShouldBe(4);
            (await clientB.GetAsync("/api/v1/articles", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            if (!api.Redis.Running)
                await api.Redis.StartAsync();
        }

        await UntilRedisIsAsync(clientA, "Healthy");
        await UntilRedisIsAsync(clientB, "Healthy");
        (await HealthAsync(clientA)).GetProperty("status").GetString().ShouldBe("Healthy");
        // Shared again: A's local window is used up, but Redis decides, and counts A and B together.
        var shared = (await ReadAsync(clientA, 3)).Concat(await ReadAsync(clientB, 3)).ToList();
        shared.Select(r => r.StatusCode).ShouldBe([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests]);
        shared.Take(5).Select(r => Header(r, "RateLimit-Remaining")).ShouldBe([4, 3, 2, 1, 0]);
    }

    [Fact]
    public async Task A_Hanging_Redis_Opens_The_Circuit_Reads_Keep_Answering_On_Local_Limits_And_It_Closes_When_Redis_Answers()
    {
        await api.Redis.FlushAsync();
        await using var a = Instance(anonymous: 1000);
        var client = a.CreateClient();
        await UntilRedisIsAsync(client, "Healthy");

        await api.Redis.PauseAsync();
        try
        {
            // The first read waits for one command timeout (250 ms), then the circuit sends the others to the local window.
            var answers = await ReadAsync(client, 20);
            answers.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
            await UntilRedisIsAsync(client, "Degraded");
        }
        finally
        {
            await api.Redis.ResumeAsync();
        }

        await UntilRedisIsAsync(client, "Healthy");
        await api.Redis.FlushAsync();
        Header((await ReadAsync(client, 1))[0], "RateLimit-Remaining").ShouldBe(999);
    }

    [Fact]
    public async Task Instances_Started_Before_Redis_Hear_Each_Others_Writes_Once_It_Starts()
    {
        await using var late = new RedisServer();
        await using var a = Instance(redis: late.Configuration);
        await using var b = Instance(changePollMilliseconds: 0, redis: late.Configuration);
        var reader = b.CreateClient();
        RedisHealth(await HealthAsync(reader)).ShouldBe("Degraded");

        await late.StartAsync();
        await UntilRedisIsAsync(a.CreateClient(), "Healthy");
        await UntilRedisIsAsync(reader, "Healthy");

        var writer = a.CreateClient();
        writer.DefaultRequestHeaders.Authorization = (await api.EditorAsync()).Client.DefaultRequestHeaders.Authorization;
        var editor = new Caller(writer, Guid.Empty, ArticlesApi.Domain.Role.Editor, null, "");
        var before = await reader.GetStringAsync("/api/v1/articles", _ct);
        var (article, _, url) = await editor.CreateArticleAsync();
        (await writer.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var title = article.GetProperty("title").GetString()!;
        before.ShouldNotContain(title);
        await UntilAsync(async () => (await reader.GetStringAsync("/api/v1/articles", _ct)).Contains(title, StringComparison.Ordinal),
            "instance B, subscribed while Redis was down, lists the article published through A");
    }

    /// A port where nothing listens.
    static string Unreachable()
    {
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        return $"127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}";
    }

    [Fact]
    public async Task While_Redis_Is_Away_Cached_Answers_Live_Redis_DegradedResponseSeconds_Instead_Of_Caching_ResponseSeconds()
    {
        await using var b = Instance(changePollMilliseconds: 0, redis: Unreachable());
        var reader = b.CreateClient();
        var editor = await api.EditorAsync();
        var (_, _, firstUrl) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{firstUrl}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await reader.GetStringAsync("/api/v1/articles", _ct);

        var (second, _, secondUrl) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{secondUrl}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var title = second.GetProperty("title").GetString()!;

        // B neither polls nor hears Redis: its answer is the cached one until the degraded life (5 s) ends, not 30 s.
        api.Time.Advance(TimeSpan.FromSeconds(4));
        (await reader.GetStringAsync("/api/v1/articles", _ct)).ShouldBe(before);
        api.Time.Advance(TimeSpan.FromSeconds(1));
        (await reader.GetStringAsync("/api/v1/articles", _ct)).ShouldContain(title);
    }

    [Fact]
    public async Task An_Instance_Started_While_Redis_Is_Unreachable_Serves_On_Local_Limits_With_Degraded_Health()
    {
        await using var alone = Instance(anonymous: 3, redis: Unreachable());
        var client = alone.CreateClient();

        var health = await HealthAsync(client);
        health.GetProperty("status").GetString().ShouldBe("Degraded");
        RedisHealth(health).ShouldBe("Degraded");
        var answers = await ReadAsync(client, 4);
        answers.Take(3).Select(r => Header(r, "RateLimit-Remaining")).ShouldBe([2, 1, 0]);
        await answers[3].ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        (await client.GetAsync("/api/v1/articles", _ct)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }
}
