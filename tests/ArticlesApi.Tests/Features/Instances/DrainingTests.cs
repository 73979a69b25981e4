using System.Net;
using System.Text.Json;
using ArticlesApi.Infrastructure.Health;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Instances;

/// Graceful draining (Shutdown:DrainSeconds): on the stop signal an instance says it is not ready, so that a load
/// balancer polling /health/ready takes it out, and keeps serving until the drain is over. The stop itself (SIGTERM,
/// Kestrel closing its port, requests in flight finishing) is exercised on real processes by scripts/cluster-test.sh.
public sealed class DrainingTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_Instance_Is_Not_Ready_But_Serves_Until_The_Drain_Is_Over()
    {
        await using var instance = api.WithWebHostBuilder(b => b.UseSetting("Shutdown:DrainSeconds", "5"));
        var client = instance.CreateClient();
        (await client.GetAsync("/health/ready", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var stopping = instance.Services.GetRequiredService<Draining>().StoppingAsync(_ct);

        var ready = await client.GetAsync("/health/ready", _ct);
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(_ct)).RootElement;
        report.GetProperty("checks").GetProperty("draining").GetProperty("status").GetString().ShouldBe("Unhealthy");
        (await client.GetAsync("/api/v1/articles", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "requests are served while draining");
        (await client.GetAsync("/health/live", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        stopping.IsCompleted.ShouldBeFalse("the port stays open for Shutdown:DrainSeconds");

        api.Time.Advance(TimeSpan.FromSeconds(5));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), _ct);
    }

    [Fact]
    public async Task Without_A_Drain_Stopping_Does_Not_Wait()
    {
        await using var instance = api.WithWebHostBuilder(_ => { });
        _ = instance.Server;

        var stopping = instance.Services.GetRequiredService<Draining>().StoppingAsync(_ct);

        stopping.IsCompleted.ShouldBeTrue("Shutdown:DrainSeconds is 0 by default: one instance stops at once");
    }
}
