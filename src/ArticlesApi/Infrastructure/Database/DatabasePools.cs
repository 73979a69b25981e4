using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

/// The connection pools (the primary's two, and the standby's when there is one), for the moment the database went
/// away: every idle connection predates the failure and would fail on first use.
public sealed class DatabasePools(NpgsqlDataSource main, CustomPlans customPlans, IServiceProvider services)
{
    public void Clear()
    {
        main.Clear();
        customPlans.DataSource.Clear();
        if (services.GetService<Standby>() is { } standby)
        {
            standby.DataSource.Clear();
            standby.CustomPlans.DataSource.Clear();
        }
    }
}
