using System.Net;
using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArticlesApi.Tests.Features.Foundation;

public sealed class HealthTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_Is_Healthy_When_The_Database_Is_Migrated()
    {
        var response = await api.CreateClient().GetAsync("/health/ready", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct)).RootElement;
        report.GetProperty("status").GetString().ShouldBe("Healthy");
        report.GetProperty("checks").GetProperty("migrations").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Ready_Is_Unhealthy_When_The_Database_Is_Unreachable()
    {
        // Port 9 (discard) on loopback: nothing listens, so connections are refused.
        await using var unreachable = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:Articles", "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none;Timeout=2");
            b.UseSetting("Database:MigrateOnStartup", "false");
        });
        var client = unreachable.CreateClient();

        var live = await client.GetAsync("/health/live", _ct);
        var ready = await client.GetAsync("/health/ready", _ct);

        live.StatusCode.ShouldBe(HttpStatusCode.OK, "the process is up even when its database is not");
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(_ct)).RootElement;
        report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Unhealthy");
    }

    [Fact]
    public async Task Ready_Is_Unhealthy_While_Migrations_Are_Pending()
    {
        await using var empty = await TestDatabase.CreateEmptyAsync("pending");
        await using var unmigrated = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:Articles", empty.ConnectionString);
            b.UseSetting("Database:MigrateOnStartup", "false");
        });

        var ready = await unmigrated.CreateClient().GetAsync("/health/ready", _ct);

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(_ct)).RootElement;
        report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
        report.GetProperty("checks").GetProperty("migrations").GetProperty("status").GetString().ShouldBe("Unhealthy");
    }
}
