using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

/// The second connection pool, for the queries whose best plan depends on their parameter values:
/// search terms (a word in half of the articles or in ten), tag, author and source filters (a tag on
/// a third of the articles or on three). Its sessions run with plan_cache_mode=force_custom_plan, so
/// PostgreSQL plans each execution for the values it gets, while the main pool's auto-prepared
/// statements switch to one generic plan after five runs (bench/README.md, "Generic plans";
/// docs/decisions/0009-query-plans-at-scale.md). Its DbContexts are pooled too, apart from the main
/// ones: a pooled context keeps its connection object when it goes back, so one context cannot serve
/// both pools (docs/decisions/0010-pooled-contexts.md).
public sealed class CustomPlans : IAsyncDisposable
{
    /// Connections of this pool per API process; with the main pool's 8 it stays well under PostgreSQL's 100.
    public const int MaxPoolSize = 10;

    readonly PooledDbContextFactory<ArticlesDb> _contexts;

    /// `mainOptions`: the main contexts' options (interceptors, naming, logging), given this pool's connections.
    public CustomPlans(NpgsqlDataSource dataSource, DbContextOptions<ArticlesDb> mainOptions)
    {
        DataSource = dataSource;
        var options = new DbContextOptionsBuilder<ArticlesDb>(mainOptions);
        DatabaseServices.UseArticlesDatabase(options, dataSource);
        _contexts = new PooledDbContextFactory<ArticlesDb>(options.Options);
    }

    public NpgsqlDataSource DataSource { get; }

    /// A context whose queries go through this pool (the standby's, for a public read routed there: StandbyReads);
    /// disposing it returns it to the pool.
    public ArticlesDb CreateContext() =>
        StandbyReads.Current is { } standby && standby.CustomPlans != this ? standby.CustomPlans.CreateContext() : _contexts.CreateDbContext();

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public static string ConnectionString(string mainConnectionString) =>
        new NpgsqlConnectionStringBuilder(mainConnectionString)
        {
            MaxPoolSize = MaxPoolSize,
            // No parallel workers: on a busy API they take cores from other requests (a parallel plan
            // chosen for one search made common-word searches 48 → 70 ms at 1M articles).
            // work_mem 64 MB: PostgreSQL's GIN index answers fewer rows than match once a prefix's bitmap outgrows work_mem and
            // turns lossy; at the default 4 MB, at 1M articles, `q=aerea&publishedBefore=2022-01-01&total=true` counted 4,845 of
            // its 4,921 matches. 64 MB holds an exact bitmap of every page of a table ~8 times that size (ADR 0034, datedscan;
            // bench/studies/datedscan-1m/gin-lossy.sh).
            // No JIT: a search's plan past jit_above_cost compiled its expressions first (at 1M `Pre&language=es&sort=publishedAt`
            // spent 12 ms of its 68 ms page statement on JIT); these statements run within a 1 s budget, where compiling never pays.
            Options = "-c plan_cache_mode=force_custom_plan -c max_parallel_workers_per_gather=0 -c work_mem=64MB -c jit=off",
        }.ConnectionString;
}
