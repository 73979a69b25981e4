using ArticlesApi.Data;
using ArticlesApi.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ArticlesApi.Tests.Infrastructure;

/// A database of its own on the test server, dropped when disposed. The server is the one that
/// scripts/db.sh starts, or whatever ConnectionStrings__Articles points at. A migrated one is a copy of
/// the run's template (TemplateDatabase), made in a fraction of the time that migrating takes.
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
    public static Task<TestDatabase> CreateEmptyAsync(string purpose = "test") => CreateAsync(purpose, template: null);

    /// An empty database on another server (`server`: a connection string to any database there).
    public static Task<TestDatabase> CreateEmptyOnAsync(string server, string purpose) => CreateAsync(purpose, template: null, server);

    /// A database with every migration applied: a copy of the run's template.
    public static async Task<TestDatabase> CreateMigratedAsync(string purpose = "test") =>
        await CreateAsync(purpose, await TemplateDatabase.NameAsync());

    /// Migrates a new empty database: the template that CreateMigratedAsync copies.
    internal static async Task<TestDatabase> MigrateTemplateAsync()
    {
        var database = await CreateEmptyAsync("template");
        await using (var db = database.CreateContext())
            await db.Database.MigrateAsync();
        // CREATE DATABASE … TEMPLATE refuses a template that anyone is connected to.
        await using (var pooled = new NpgsqlConnection(database.ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        return database;
    }

    static async Task<TestDatabase> CreateAsync(string purpose, string? template, string? server = null)
    {
        var name = $"articles_{purpose}_{Guid.NewGuid():N}"[..40];
        var database = new TestDatabase(server ?? ServerConnectionString, name);
        await using var connection = new NpgsqlConnection(database._serverConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand(
            template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public string Name => _name;

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
