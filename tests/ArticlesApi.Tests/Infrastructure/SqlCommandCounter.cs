using System.Collections.Concurrent;
using System.Data.Common;
using ArticlesApi.Infrastructure.Database;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ArticlesApi.Tests.Infrastructure;

/// Counts the SQL commands the API sends while serving requests that carry the header
/// X-Test-Sql-Count: id (tests run in parallel, so counts are kept per id): EF's, as a command interceptor, and the
/// ready-made reads' on the data source (ReadyStatement), as an ISqlCommandObserver.
public sealed class SqlCommandCounter(IHttpContextAccessor http) : DbCommandInterceptor, ISqlCommandObserver
{
    public const string Header = "X-Test-Sql-Count";

    readonly ConcurrentDictionary<string, int> _counts = new();
    readonly ConcurrentDictionary<string, int> _dataSourceCounts = new();

    /// Every statement of the request, EF's and the data source's.
    public int CountFor(string id) => _counts.GetValueOrDefault(id);

    /// The statements sent on the data source without EF (ReadyStatement).
    public int DataSourceCountFor(string id) => _dataSourceCounts.GetValueOrDefault(id);

    void Count(ConcurrentDictionary<string, int>? also = null)
    {
        if (http.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } id)
        {
            _counts.AddOrUpdate(id, 1, (_, n) => n + 1);
            also?.AddOrUpdate(id, 1, (_, n) => n + 1);
        }
    }

    public void Executing(DbCommand command) => Count(_dataSourceCounts);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }
}
