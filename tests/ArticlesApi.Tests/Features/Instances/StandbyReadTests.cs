using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ArticlesApi.Tests.Features.Instances;

/// Public reads from a real streaming standby (ReplicaApi). What answered a read is told by a title changed on the
/// primary behind the API's back (no content change recorded, so no cache generation moves) while the standby's replay
/// is paused: the standby still has the old title, the primary the new one.
public sealed class StandbyReadTests(ReplicaApi api) : IClassFixture<ReplicaApi>, IAsyncLifetime
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    Caller _editor = null!;
    HttpClient _anonymous = null!;
    HttpClient _reader = null!;

    public async ValueTask InitializeAsync()
    {
        _editor = await api.EditorAsync();
        _reader = api.ClientWithKey((await api.CallerAsync(Role.Reader)).Secret);
        _anonymous = api.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        // Every test leaves the standby running and replaying, as the next one expects.
        await ReplicaApi.ScriptAsync("standby.sh", "start");
        await ResumeReplayAsync();
    }

    /// A published article, replayed by the standby, which the host has then checked (up, not lagging, past every
    /// content change): public reads go to the standby from here on.
    async Task<(Guid Id, string Url, string Title, Dictionary<string, object?> Body)> PublishedAndReplicatedAsync()
    {
        var body = Requests.Article((await _editor.NewAuthorIdAsync()).ToString())
            .With("tags", new[] { $"standby-{Guid.NewGuid().ToString("N")[..10]}" });
        var (article, _, url) = await _editor.CreateArticleAsync(body);
        (await _editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await api.StandbyCaughtUpAsync();
        await api.CheckStandbyAsync();
        api.Standby.Current.Problem.ShouldBeNull();
        return (article.GetProperty("id").GetGuid(), url, article.GetProperty("title").GetString()!, body);
    }

    /// Changes the title on the primary only, as no API write would: no content change, no new cache generation.
    async Task RetitleOnThePrimaryBehindTheApiAsync(Guid id, string title)
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new Npgsql.NpgsqlCommand("UPDATE articles SET title = $1 WHERE id = $2", connection);
        command.Parameters.AddWithValue(title);
        command.Parameters.AddWithValue(id);
        (await command.ExecuteNonQueryAsync(_ct)).ShouldBe(1);
    }

    static Task PauseReplayAsync() => ReplicaApi.SuperuserAsync(ReplicaApi.StandbyPort, "SELECT pg_wal_replay_pause()");

    static Task ResumeReplayAsync() => ReplicaApi.SuperuserAsync(ReplicaApi.StandbyPort,
        "SELECT CASE WHEN pg_is_in_recovery() AND pg_is_wal_replay_paused() THEN pg_wal_replay_resume() END");

    async Task<string> TitleAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return (await response.JsonAsync()).GetProperty("title").GetString()!;
    }

    [Fact]
    public async Task Anonymous_Reads_Are_Served_By_The_Standby_And_Reads_With_Any_Key_By_The_Primary()
    {
        var (id, url, title, body) = await PublishedAndReplicatedAsync();
        await PauseReplayAsync();
        await RetitleOnThePrimaryBehindTheApiAsync(id, "Only on the primary");

        (await TitleAsync(_anonymous, url)).ShouldBe(title);
        // Another URL than the anonymous read's: not its cache entry. Keyed reads stay on the primary (api.md), reader keys too.
        (await TitleAsync(_reader, $"{url}?formats=markdown")).ShouldBe("Only on the primary");
        (await TitleAsync(_editor.Client, url)).ShouldBe("Only on the primary");
        // A list filtered by tag is planned per execution (CustomPlans): the standby's second pool.
        var tagged = await _anonymous.GetAsync($"/api/v1/articles?tag={((string[])body["tags"]!)[0]}", _ct);
        (await tagged.JsonAsync()).GetProperty("data")[0].GetProperty("title").GetString().ShouldBe(title);
    }

    [Fact]
    public async Task A_Public_Read_Right_After_A_Write_Is_Never_Stale_Though_The_Standby_Has_Not_Replayed_It()
    {
        var (_, url, title, body) = await PublishedAndReplicatedAsync();
        (await TitleAsync(_anonymous, url)).ShouldBe(title);
        await PauseReplayAsync();

        var etag = (await _editor.Client.GetAsync(url, _ct)).ETag();
        var updated = await _editor.Client.PutJsonAsync(url, body.With("title", "Written after the pause"), etag);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(_ct));

        // The standby is up and within the lag limit, but has not replayed the change this process committed.
        api.Standby.Current.Reachable.ShouldBeTrue();
        (await TitleAsync(_anonymous, url)).ShouldBe("Written after the pause");
        (await TitleAsync(_anonymous, $"{url}?formats=html")).ShouldBe("Written after the pause");

        await ResumeReplayAsync();
        await api.StandbyCaughtUpAsync();
        await api.CheckStandbyAsync();
        api.Standby.CanServe(api.Services.GetRequiredService<ArticlesApi.Infrastructure.Caching.ContentGeneration>().SeenSequence)
            .ShouldBeTrue();
        (await TitleAsync(_anonymous, $"{url}?formats=text")).ShouldBe("Written after the pause");
    }

    /// The standby's entry in /health/ready and the answer's status: a standby not used is Degraded, never a 503.
    async Task<(string, HttpStatusCode)> StandbyHealthAsync()
    {
        var response = await _anonymous.GetAsync("/health/ready", _ct);
        return ((await response.JsonAsync()).GetProperty("checks").GetProperty("standby").GetProperty("status").GetString()!, response.StatusCode);
    }

    [Fact]
    public async Task Reads_Answer_200_From_The_Primary_When_The_Standby_Stops_And_Return_To_It_When_It_Is_Back()
    {
        var (id, url, _, _) = await PublishedAndReplicatedAsync();
        await RetitleOnThePrimaryBehindTheApiAsync(id, "Read after the standby stopped");
        await api.StandbyCaughtUpAsync();
        await ReplicaApi.ScriptAsync("standby.sh", "stop");

        // The host still believes the standby is up: the read fails there and is retried on the primary.
        api.Standby.Current.Reachable.ShouldBeTrue();
        (await TitleAsync(_anonymous, url)).ShouldBe("Read after the standby stopped");
        api.Standby.Current.Reachable.ShouldBeFalse();
        (await TitleAsync(_anonymous, $"{url}?formats=text")).ShouldBe("Read after the standby stopped");
        (await _anonymous.GetAsync("/api/v1/articles?limit=5", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await api.CheckStandbyAsync();
        api.Standby.Current.Problem!.ShouldContain("unreachable");
        (await StandbyHealthAsync()).ShouldBe(("Degraded", HttpStatusCode.OK));

        await ReplicaApi.ScriptAsync("standby.sh", "start");
        await api.StandbyCaughtUpAsync();
        await api.CheckStandbyAsync();
        api.Standby.Current.Problem.ShouldBeNull();
        (await StandbyHealthAsync()).ShouldBe(("Healthy", HttpStatusCode.OK));
        await PauseReplayAsync();
        await RetitleOnThePrimaryBehindTheApiAsync(id, "Never seen by the standby");
        (await TitleAsync(_anonymous, $"{url}?formats=html")).ShouldBe("Read after the standby stopped");
    }

    [Fact]
    public async Task A_Standby_Lagging_Beyond_MaxReplicaLagSeconds_Is_Skipped_Until_It_Catches_Up()
    {
        // Published before the host's clock is set: a clock set earlier (the host's start-up, the publish and the
        // replication take seconds on a slow machine) would put the article's publication in its future, a 404.
        var (id, url, title, _) = await PublishedAndReplicatedAsync();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = api.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        }));
        var client = host.CreateClient();
        await api.CheckStandbyAsync(host.Services);
        await PauseReplayAsync();
        await RetitleOnThePrimaryBehindTheApiAsync(id, "Only on the primary");

        await api.CheckStandbyAsync(host.Services);
        clock.Advance(TimeSpan.FromSeconds(5));
        await api.CheckStandbyAsync(host.Services);
        (await TitleAsync(client, url)).ShouldBe(title, "5 s behind is within the limit");

        clock.Advance(TimeSpan.FromSeconds(1));
        await api.CheckStandbyAsync(host.Services);
        host.Services.GetRequiredService<Standby>().Current.Problem!.ShouldContain("MaxReplicaLagSeconds");
        (await TitleAsync(client, $"{url}?formats=text")).ShouldBe("Only on the primary");

        await ResumeReplayAsync();
        await api.StandbyCaughtUpAsync();
        await api.CheckStandbyAsync(host.Services);
        host.Services.GetRequiredService<Standby>().Current.Lag.ShouldBe(TimeSpan.Zero);
        host.Services.GetRequiredService<Standby>().Current.Problem.ShouldBeNull();
    }
}
