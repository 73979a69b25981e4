using ArticlesApi.Infrastructure.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ArticlesApi.Tests.Infrastructure;

/// A host whose database has a streaming standby: a small PostgreSQL primary of its own (scripts/db.sh on port 27912,
/// data in /tmp) and a standby of it (scripts/standby.sh on 27913), because the shared test server must not be
/// restarted or copied. Both are created on first use and reused by later runs; the standby is stopped and started by
/// tests, the primary never. The standby is checked only when a test calls CheckAsync (ReplicaCheckMilliseconds 0),
/// so its state never changes behind a test's back.
public sealed class ReplicaApi : ApiFactory
{
    public const int PrimaryPort = 27912;
    public const int StandbyPort = 27913;
    const string PrimaryData = "/tmp/replica-tests-primary";
    const string StandbyData = "/tmp/replica-tests-standby";
    const int MaxLagSeconds = 5;

    public static string ServerAt(int port) => $"Host=127.0.0.1;Port={port};Database=articles;Username=articles;Password=articles";

    static readonly Dictionary<string, string> Environment = new()
    {
        ["ConnectionStrings__Articles"] = "",
        ["ARTICLES_DB_PORT"] = PrimaryPort.ToString(),
        ["ARTICLES_PGDATA"] = PrimaryData,
        ["PRIMARY_PORT"] = PrimaryPort.ToString(),
        ["PRIMARY_PGDATA"] = PrimaryData,
        ["STANDBY_PORT"] = StandbyPort.ToString(),
        ["STANDBY_PGDATA"] = StandbyData,
    };

    public static Task<string> ScriptAsync(string script, string command) =>
        Tools.RunAsync(Path.Combine(Tools.Root, "scripts", script), command, Environment, TimeSpan.FromMinutes(3));

    public override async ValueTask InitializeAsync()
    {
        await ScriptAsync("db.sh", "start");
        await ScriptAsync("standby.sh", "start");
        await SuperuserAsync(StandbyPort, "SELECT CASE WHEN pg_is_wal_replay_paused() THEN pg_wal_replay_resume() END");
        await base.InitializeAsync();
    }

    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateEmptyOnAsync(ServerAt(PrimaryPort), "replica");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:ArticlesReadOnly",
            $"{new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Port = StandbyPort }};Timeout=15;Command Timeout=60");
        builder.UseSetting("Database:ReplicaCheckMilliseconds", "0");
        builder.UseSetting("Database:MaxReplicaLagSeconds", MaxLagSeconds.ToString());
        builder.UseSetting("Caching:ChangePollMilliseconds", "0");
    }

    /// Runs `sql` as the superuser of the primary or the standby and returns the first value.
    public static async Task<object?> SuperuserAsync(int port, string sql, string database = "postgres")
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(PrimaryData, "superuser-password"))).Trim();
        await using var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={port};Database={database};Username=postgres;Password={password};Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// Returns once the standby has replayed everything the primary had written when it was called (polls its replay
    /// position: PostgreSQL 15 has no wait for a position).
    public async Task StandbyCaughtUpAsync()
    {
        var target = (long)(await SuperuserAsync(PrimaryPort, "SELECT (pg_current_wal_lsn() - '0/0')::bigint"))!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await SuperuserAsync(StandbyPort, "SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint"))! < target)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The standby did not replay the primary's WAL within 30 s.");
            await Task.Delay(20);
        }
    }

    /// The host's check of the standby, as StandbyMonitor runs it every interval in production.
    public Task CheckStandbyAsync(IServiceProvider? services = null) =>
        (services ?? Services).GetRequiredService<StandbyMonitor>().CheckAsync(TestContext.Current.CancellationToken);

    public Standby Standby => Services.GetRequiredService<Standby>();
}
