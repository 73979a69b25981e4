using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

/// The second connection pool, for the queries whose best plan depends on their parameter values:
/// search terms (a word in half of the articles or in ten), tag, author and source filters (a tag on
/// a third of the articles or on three), per-author counts. Its sessions run with
/// plan_cache_mode=force_custom_plan, so PostgreSQL plans each execution for the values it gets,
/// while the main pool's auto-prepared statements switch to one generic plan after five runs
/// (bench/README.md, "Generic plans"; docs/decisions/0009-query-plans-at-scale.md).
public sealed class CustomPlans(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    /// Connections of this pool per API process; with the main pool's 30 it stays under PostgreSQL's 100.
    public const int MaxPoolSize = 10;

    public NpgsqlDataSource DataSource => dataSource;

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public static string ConnectionString(string mainConnectionString) =>
        new NpgsqlConnectionStringBuilder(mainConnectionString)
        {
            MaxPoolSize = MaxPoolSize,
            // No parallel workers: on a busy API they take cores from other requests (a parallel plan
            // chosen for one search made common-word searches 48 → 70 ms at 1M articles).
            Options = "-c plan_cache_mode=force_custom_plan -c max_parallel_workers_per_gather=0",
        }.ConnectionString;
}

public static class CustomPlanQueries
{
    /// Sends this context's queries through the custom-plan pool. Call before its first query.
    public static ArticlesDb WithCustomPlans(this ArticlesDb db, CustomPlans plans)
    {
        db.Database.SetDbConnection(plans.DataSource.CreateConnection(), contextOwnsConnection: true);
        return db;
    }
}
