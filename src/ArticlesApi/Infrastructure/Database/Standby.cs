using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

/// The streaming standby named by ConnectionStrings:ArticlesReadOnly: its connection pools (one like the main pool,
/// one like CustomPlans), its pooled contexts, and what StandbyMonitor last found out about it. Public reads go to it
/// only while CanServe says so (StandbyReads); everything else stays on the primary.
/// See docs/decisions/0047-replica-public-reads-from-a-standby.md.
public sealed class Standby : IAsyncDisposable
{
    readonly PooledDbContextFactory<ArticlesDb> _contexts;
    readonly int _maxLagSeconds;
    State _state = State.Unknown;

    /// What the last check found. ReplayedSequence: the highest content_changes sequence the standby shows;
    /// sequences are handed out in commit order (ADR 0017), so every change up to it is there too.
    public sealed record State(bool Reachable, long ReplayedSequence, TimeSpan Lag, string? Problem)
    {
        public static readonly State Unknown = new(false, 0, TimeSpan.Zero, "not checked yet");
    }

    public Standby(string connectionString, DbContextOptions<ArticlesDb> mainOptions, int maxLagSeconds, ILoggerFactory loggers)
    {
        DataSource = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(loggers).Build();
        CustomPlans = new CustomPlans(
            new NpgsqlDataSourceBuilder(CustomPlans.ConnectionString(connectionString)).UseLoggerFactory(loggers).Build(), mainOptions);
        var options = new DbContextOptionsBuilder<ArticlesDb>(mainOptions);
        DatabaseServices.UseArticlesDatabase(options, DataSource);
        _contexts = new PooledDbContextFactory<ArticlesDb>(options.Options);
        _maxLagSeconds = maxLagSeconds;
    }

    /// ConnectionStrings:ArticlesReadOnly with the API's connection defaults, and an application_name that tells
    /// the standby's sessions apart in pg_stat_activity unless the string sets one.
    public static string ConnectionString(string given)
    {
        var csb = new NpgsqlConnectionStringBuilder(Resilience.ConnectionDefaults.Apply(given));
        csb.ApplicationName ??= ApplicationName;
        return csb.ConnectionString;
    }

    public const string ApplicationName = "articles-api standby reads";

    public NpgsqlDataSource DataSource { get; }

    /// The standby's pool for queries planned per execution (CustomPlans.CreateContext routes to it).
    public CustomPlans CustomPlans { get; }

    /// A context whose queries go to the standby; disposing it returns it to the pool.
    public ArticlesDb CreateContext() => _contexts.CreateDbContext();

    public State Current => Volatile.Read(ref _state);

    /// Whether a public read may go to the standby now: it answered the last check, its replay is at most
    /// Database:MaxReplicaLagSeconds behind the primary, and it has replayed every content change this process
    /// knows to be committed (`seenSequence`, ContentGeneration.SeenSequence): an answer it gives is then as new as
    /// the one the primary would give for the content generation the response cache stores it under.
    public bool CanServe(long seenSequence)
    {
        var state = Current;
        return state.Reachable && state.Lag.TotalSeconds <= _maxLagSeconds && state.ReplayedSequence >= seenSequence;
    }

    public void Checked(State state) => Volatile.Write(ref _state, state);

    /// A read on the standby lost its connection: skip it until the next check finds it again.
    public void Failed(string problem)
    {
        Volatile.Write(ref _state, Current with { Reachable = false, Problem = problem });
        DataSource.Clear();
        CustomPlans.DataSource.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await CustomPlans.DisposeAsync();
    }
}

/// The request's route: set by StandbyReadsMiddleware for the reads that go to the standby, read where a context
/// is made (the request's ArticlesDb, CustomPlans.CreateContext). Nothing else needs to know.
public static class StandbyReads
{
    static readonly AsyncLocal<Standby?> Route = new();

    public static Standby? Current
    {
        get => Route.Value;
        set => Route.Value = value;
    }
}
