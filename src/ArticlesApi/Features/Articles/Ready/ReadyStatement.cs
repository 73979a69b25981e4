using System.Data;
using System.Data.Common;
using ArticlesApi.Infrastructure.Database;
using Npgsql;

namespace ArticlesApi.Features.Articles.Ready;

/// The one statement of a ready-made public read (an article by id or slug, the front page, an author, tag or source, their
/// lists, the sitemaps), sent on the pooled NpgsqlDataSource the API registers: no DbContext is leased for a read answered
/// ready-made (its lease and return, EF's relational command and connection wrappers were a fixed ~0.03 ms a read, the API's
/// ÷ raw of 0.6–0.85 on these reads; ADR 0045, helper readylane). The endpoints lease their context only when the query path
/// answers. What EF gave and these reads keep:
/// - the route: the standby's pool when StandbyReadsMiddleware sent the request there (StandbyReads.Current, as the
///   request's ArticlesDb is made), the primary's otherwise (ADR 0047);
/// - the bound: Command Timeout from the connection string (ConnectionDefaults), as EF leaves it;
/// - failures: Npgsql's exceptions as they are (EF does not wrap a read's), so the outage 503 and the standby's retry apply;
/// - observation: every ISqlCommandObserver is told of the statement (the tests' SQL-command counter, as for EF's commands).
/// Positional parameters (`$1`…): Npgsql sends the SQL as it is. Disposing the reader returns the connection to the pool.
public sealed class ReadyStatement(NpgsqlDataSource primary, IEnumerable<ISqlCommandObserver> observers)
{
    readonly ISqlCommandObserver[] _observers = [.. observers];

    public async Task<Reader> ExecuteReaderAsync(string sql, DbParameter[] parameters, CancellationToken ct)
    {
        var connection = await (StandbyReads.Current?.DataSource ?? primary).OpenConnectionAsync(ct);
        try
        {
            var command = new NpgsqlCommand(sql, connection);
            foreach (var parameter in parameters)
                command.Parameters.Add(parameter);
            foreach (var observer in _observers)
                observer.Executing(command);
            return new Reader(command, await command.ExecuteReaderAsync(CommandBehavior.CloseConnection, ct));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// The statement's rows; disposing it closes the reader and returns the connection.
    public sealed class Reader(NpgsqlCommand command, NpgsqlDataReader reader) : IAsyncDisposable
    {
        public NpgsqlDataReader DbDataReader => reader;

        public async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await command.Connection!.DisposeAsync();
            await command.DisposeAsync();
        }
    }
}
