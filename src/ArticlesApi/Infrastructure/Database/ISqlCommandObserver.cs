using System.Data.Common;

namespace ArticlesApi.Infrastructure.Database;

/// Told of every statement the ready-made reads send on the pooled NpgsqlDataSource (ReadyStatement), which EF's command
/// interceptors do not see. Registered by whoever watches the API's SQL (the tests' SQL-command counter, which is also an
/// EF command interceptor, so both paths feed one count); none in production.
public interface ISqlCommandObserver
{
    void Executing(DbCommand command);
}
