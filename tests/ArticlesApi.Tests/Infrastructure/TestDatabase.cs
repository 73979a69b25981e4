using ArticlesApi.Data;
using ArticlesApi.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ArticlesApi.Tests.Infrastructure;

/// A database of its own on the test server, dropped when disposed. The server is the one that
/// scripts/db.sh starts, or whatever ConnectionStrings__Articles points at.
public sealed class TestDatabase : IAsyncDisposable
{
    const string DefaultServer = "Host=127.0.0.1;Port=55432;Database=articles;Username=articles;Password=articles";

    public string ConnectionString { get; }
    readonly string _serverConnectionString;
    readonly string _name;

    TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Articles") ?? DefaultServer;

    /// An empty database: no tables, no migrations applied.
    public static async Task<TestDatabase> CreateEmptyAsync(string purpose = "test")
    {
        var name = $"articles_{purpose}_{Guid.NewGuid():N}"[..40];
        var database = new TestDatabase(ServerConnectionString, name);
        await using var connection = new NpgsqlConnection(database._serverConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    /// A database with every migration applied.
    public static async Task<TestDatabase> CreateMigratedAsync(string purpose = "test")
    {
        var database = await CreateEmptyAsync(purpose);
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        return database;
    }

    /// The clock that contexts of this class stamp times with (ArticlesDb.Clock): the test host's.
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// Raised after a context of this class saved changes: rows written behind the API's back, which the
    /// API's response cache must hear about as it hears about its own writes.
    public event Action? Changed;

    public ArticlesDb CreateContext() =>
        new(new DbContextOptionsBuilder<ArticlesDb>()
            .UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsAssembly(typeof(DesignTimeArticlesDbFactory).Assembly))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new ChangeNotifier(this))
            .Options) { Clock = Clock };

    sealed class ChangeNotifier(TestDatabase database) : SaveChangesInterceptor
    {
        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            database.Changed?.Invoke();
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            database.Changed?.Invoke();
            return ValueTask.FromResult(result);
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        // FORCE cannot terminate a connection still authenticating (it has no role yet: 42501), which a
        // pool reconnecting at tear-down can leave behind for a moment; try again shortly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                await Task.Delay(200);
            }
        }
    }
}
