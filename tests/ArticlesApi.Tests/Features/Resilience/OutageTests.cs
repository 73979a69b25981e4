using System.Net;
using System.Net.Http.Headers;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Tests.Features.Resilience;

/// The API on a database of its own, reached through a proxy that plays outages: the database
/// "goes away" (every connection reset, new ones refused) and "comes back". How fast the answers come is
/// measured, not asserted, by scripts/outage-test.sh under a real restart; the bounds that keep them
/// fast are ConnectionDefaults (ConnectionDefaultsTests).
public sealed class OutageTests : IAsyncLifetime
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    TestDatabase _database = null!;
    TcpProxy _proxy = null!;
    WebApplicationFactory<Program> _api = null!;
    string _editorSecret = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync("outage");
        var target = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        _proxy = new TcpProxy(target.Host!, target.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Host = "127.0.0.1", Port = _proxy.Port }.ConnectionString;
        _editorSecret = ApiKeySecrets.Generate();
        await using (var db = _database.CreateContext())
        {
            db.ApiKeys.Add(new ApiKey
            {
                Name = "outage editor", Role = Role.Editor, Prefix = ApiKeySecrets.PrefixOf(_editorSecret), SecretHash = ApiKeySecrets.Hash(_editorSecret),
            });
            db.Articles.Add(Fakes.Article());
            await db.SaveChangesAsync(_ct);
        }
        _api = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:Articles", viaProxy);
            b.UseSetting("Database:MigrateOnStartup", "false");
            b.UseSetting("RateLimiting:Enabled", "false");
        });
    }

    HttpClient Editor()
    {
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _editorSecret);
        return client;
    }

    /// Fills the pool with open connections, as a busy API has.
    async Task WarmUpAsync()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Editor().GetAsync("/api/v1/articles?status=any", _ct)));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task While_The_Database_Is_Away_Every_Request_Answers_503_With_Retry_After()
    {
        await WarmUpAsync();
        _proxy.Cut();

        foreach (var (client, method, url) in new (HttpClient, HttpMethod, string)[]
                 {
                     (_api.CreateClient(), HttpMethod.Get, "/api/v1/articles"),
                     (_api.CreateClient(), HttpMethod.Get, "/api/v1/tags/anything"),
                     (Editor(), HttpMethod.Get, "/api/v1/articles?status=draft"),
                     (Editor(), HttpMethod.Post, "/api/v1/tags"),
                 })
        {
            var response = method == HttpMethod.Post
                ? await client.PostJsonAsync(url, new { name = "During the outage" }, Guid.NewGuid().ToString())
                : await client.GetAsync(url, _ct);
            await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "database-unavailable");
            response.Headers.RetryAfter?.Delta.ShouldNotBeNull($"{method} {url}");
            response.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 5);
        }

        (await _api.CreateClient().GetAsync("/health/ready", _ct)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await _api.CreateClient().GetAsync("/health/live", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_First_Requests_After_The_Database_Returns_Succeed()
    {
        await WarmUpAsync();
        _proxy.Cut();
        (await _api.CreateClient().GetAsync("/api/v1/articles", _ct)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);

        _proxy.Restore();
        var read = await _api.CreateClient().GetAsync("/api/v1/articles", _ct);
        var write = await Editor().PostJsonAsync("/api/v1/tags", new { name = $"After {Guid.NewGuid():N}" });
        var ready = await _api.CreateClient().GetAsync("/health/ready", _ct);

        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        write.StatusCode.ShouldBe(HttpStatusCode.Created);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_Read_On_A_Connection_That_Died_Unnoticed_Is_Retried_And_Succeeds()
    {
        await WarmUpAsync();
        // Gone and back with no request in between: every pooled connection is dead and nobody knows.
        _proxy.Cut();
        _proxy.Restore();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Editor().GetAsync("/api/v1/articles?status=any", _ct)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_Write_Refused_During_The_Outage_Is_Applied_Once_When_Retried_With_Its_Idempotency_Key()
    {
        await WarmUpAsync();
        var name = $"Retried {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        _proxy.Cut();
        var refused = await Editor().PostJsonAsync("/api/v1/tags", new { name }, key);
        _proxy.Restore();

        var retried = await Editor().PostJsonAsync("/api/v1/tags", new { name }, key);
        var replayed = await Editor().PostJsonAsync("/api/v1/tags", new { name }, key);

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        retried.StatusCode.ShouldBe(HttpStatusCode.Created);
        replayed.StatusCode.ShouldBe(HttpStatusCode.Created);
        replayed.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        await using var db = _database.CreateContext();
        (await db.Tags.CountAsync(t => t.Name == name, _ct)).ShouldBe(1);
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _proxy.DisposeAsync();
        await _database.DisposeAsync();
    }
}
