using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace ArticlesApi.Infrastructure.Resilience;

/// Bounds that the connection string gets unless it sets them itself (README, "Database connections").
/// Without them Npgsql waits 15 s to connect or for a free pooled connection and 30 s for a command,
/// and a request would hang that long while PostgreSQL is away.
public static class ConnectionDefaults
{
    /// Seconds to open a connection, or to wait for a free one when the pool is exhausted.
    public const int ConnectTimeoutSeconds = 2;

    /// Seconds a command may run. The slowest query (a total count over 500k rows) takes under 1 s.
    public const int CommandTimeoutSeconds = 5;

    /// Connections per API process. PostgreSQL on 2 cores is saturated by a handful of busy
    /// connections; more only queue inside it — in the operating system's run queue, which serves them
    /// unfairly: with 30, at 32 concurrent front-page requests about 25 backends waited for a CPU at any
    /// moment and p99 was 10–20× p50 (the raw-Npgsql endpoint alike); with 8 the requests wait in the
    /// pool's first-come-first-served queue instead and p99 is 2–5× p50 at the same throughput
    /// (bench/studies/front-tail, docs/decisions/0021-connection-pool-for-the-run-queue.md). A pool wait counts
    /// against Timeout. Replicas x (this + CustomPlans.MaxPoolSize) must stay under max_connections (100).
    public const int MaxPoolSize = 8;

    /// Persistent server-side prepared statements for the 20 most used commands: the largest single
    /// gain measured on the read paths (bench/README.md, bench/results/before-after.md).
    public const int MaxAutoPrepare = 20;

    /// A connection goes back to the pool without a reset: otherwise the next command on it carries
    /// RESET ALL, CLOSE ALL, UNLISTEN, DISCARD… for PostgreSQL to run, and EF Core returns the connection
    /// after every query (three or four per read). The API sets no session state: settings come from the
    /// connection string, advisory locks are released or taken per transaction (ADR 0010).
    public const bool NoResetOnClose = true;

    /// Connections are not enlisted in an ambient System.Transactions transaction: the API never opens one (its
    /// transactions are EF's and Npgsql's own). With enlisting on, Npgsql reads Transaction.Current on every open and
    /// EF's provider searches the connection string for "Enlist=false" before it reads it too, on every query.
    public const bool Enlist = false;

    public static string Apply(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Has(given, "Timeout"))
            csb.Timeout = ConnectTimeoutSeconds;
        if (!Has(given, "Command Timeout", "CommandTimeout"))
            csb.CommandTimeout = CommandTimeoutSeconds;
        if (!Has(given, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
            csb.MaxPoolSize = MaxPoolSize;
        if (!Has(given, "Max Auto Prepare", "MaxAutoPrepare"))
            csb.MaxAutoPrepare = MaxAutoPrepare;
        if (!Has(given, "No Reset On Close", "NoResetOnClose"))
            csb.NoResetOnClose = NoResetOnClose;
        if (!Has(given, "Enlist"))
            csb.Enlist = Enlist;
        return csb.ConnectionString;
    }

    static bool Has(DbConnectionStringBuilder builder, params string[] names) =>
        names.Any(n => builder.ContainsKey(n) || builder.ContainsKey(n.ToLower(CultureInfo.InvariantCulture)));
}
