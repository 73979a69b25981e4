using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

public static class DatabaseServices
{
    public const string ConnectionStringName = "Articles";

    public static IServiceCollection AddArticlesDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set (environment variable ConnectionStrings__{ConnectionStringName}).");

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        var withDefaults = Resilience.ConnectionDefaults.Apply(connectionString);
        services.AddNpgsqlDataSource(withDefaults);
        // Pooled: a request leases a context instead of building one (its options, internal services and
        // their caches), which was a tenth of a cheap read's CPU (docs/decisions/0010-pooled-contexts.md).
        services.AddDbContextPool<ArticlesDb>((sp, options) => UseArticlesDatabase(options, sp.GetRequiredService<NpgsqlDataSource>())
            // The check that no context is used by two threads at once costs two AsyncLocal writes per
            // query; it stays on in development and tests, where such a bug would show.
            .EnableThreadSafetyChecks(!sp.GetRequiredService<IHostEnvironment>().IsProduction()));
        services.AddSingleton(sp => new CustomPlans(
            new NpgsqlDataSourceBuilder(CustomPlans.ConnectionString(withDefaults))
                .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
                .Build(),
            sp.GetRequiredService<DbContextOptions<ArticlesDb>>()));
        services.AddSingleton<DatabasePools>();
        return services;
    }

    public static DbContextOptionsBuilder UseArticlesDatabase(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) => options
        .UseNpgsql(dataSource, npgsql => MigrationsAssembly.Use(npgsql))
        .UseSnakeCaseNamingConvention()
        // Content changes are inserted as the last statement before each commit (docs/decisions/0017).
        .AddInterceptors(ContentChangeRecorder.Instance);

    public static string Describe(NpgsqlDataSource dataSource)
    {
        var csb = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{csb.Host}:{csb.Port}/{csb.Database}";
    }
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// Apply pending EF migrations when the API starts.
    public bool MigrateOnStartup { get; set; }

    /// Insert the sample newsroom when the database holds no articles.
    public bool SeedSampleContent { get; set; }
}
