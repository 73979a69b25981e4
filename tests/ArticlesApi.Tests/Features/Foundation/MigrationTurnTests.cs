using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace ArticlesApi.Tests.Features.Foundation;

/// Replicas starting together take turns at the migrations (an advisory lock). The one waiting its turn waits as long
/// as the other's migrations take, not the request bound of a command (Command Timeout, 5 s in production).
public sealed class MigrationTurnTests
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Replica_Waiting_For_Another_Ones_Migrations_Waits_Past_The_Command_Timeout()
    {
        await using var database = await TestDatabase.CreateMigratedAsync("migration-turn");
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync(_ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({DatabaseStartup.MigrationLockKey})", other))
            await take.ExecuteNonQueryAsync(_ct);

        await using var api = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:Articles", $"{database.ConnectionString};Command Timeout=1");
            b.UseSetting("Database:MigrateOnStartup", "true");
        });
        var starting = Task.Run(() => api.Server, _ct);

        // The other replica "migrates" until the waiting one has waited twice its command timeout.
        await using (var waited = new NpgsqlCommand("""
            SELECT coalesce(max(extract(epoch FROM now() - query_start)), 0) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'
            """, other))
        {
            while ((double)(decimal)(await waited.ExecuteScalarAsync(_ct))! < 2.0)
            {
                starting.IsFaulted.ShouldBeFalse($"the waiting replica gave up: {starting.Exception?.GetBaseException().Message}");
                await Task.Delay(50, _ct);
            }
        }
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({DatabaseStartup.MigrationLockKey})", other))
            await release.ExecuteNonQueryAsync(_ct);

        await starting;
        using var client = api.CreateClient();
        (await client.GetAsync("/health/ready", _ct)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }
}
