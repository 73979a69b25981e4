using System.Net.Sockets;
using Npgsql;

namespace ArticlesApi.Infrastructure.Resilience;

/// Which exceptions mean "the database is unreachable or going away" (answer 503 and let the client
/// retry) rather than a bug (500).
public static class DatabaseFailures
{
    /// The database is unreachable, restarting, refusing connections, or too busy to hand out a connection.
    public static bool IsUnavailable(Exception exception) => Walk(exception).Any(e => e switch
    {
        PostgresException pg => IsUnavailableState(pg.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient,
        SocketException or TimeoutException or EndOfStreamException => true,
        // Npgsql completes the transaction of a connection that broke (the server restarted between two statements of a
        // write); the write's next statement then fails with this instead of an NpgsqlException. Nothing was committed,
        // so it is the database being away, not a bug (scripts/outage-test.sh caught it as a 500 once in ~3,400 requests).
        InvalidOperationException { Message: TransactionCompleted } => true,
        _ => false,
    });

    const string TransactionCompleted = "Transaction is already completed";

    /// The connection itself is dead (server restarted or gone): the pooled connections opened before
    /// are all dead too, so the pool is worth clearing. Not so for a pool that is merely busy.
    public static bool BrokeTheConnection(Exception exception) => Walk(exception).Any(e => e switch
    {
        PostgresException pg => IsUnavailableState(pg.SqlState),
        SocketException or EndOfStreamException or IOException => true,
        _ => false,
    });

    /// SQLSTATE class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown,
    /// 57P03 cannot connect now (starting up or shutting down), 53300 too many connections.
    static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
        || state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;

    static IEnumerable<Exception> Walk(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++)
        {
            yield return exception;
            if (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Walk))
                    yield return inner;
            exception = exception.InnerException;
        }
    }
}
