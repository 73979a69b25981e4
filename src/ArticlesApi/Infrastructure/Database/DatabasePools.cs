using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

/// Both connection pools, for the moment the database went away: every idle connection predates
/// the failure and would fail on first use.
public sealed class DatabasePools(NpgsqlDataSource main, CustomPlans customPlans)
{
    public void Clear()
    {
        main.Clear();
        customPlans.DataSource.Clear();
    }
}
