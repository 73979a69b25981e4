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
        services.AddSingleton(sp => new CustomPlans(new NpgsqlDataSourceBuilder(CustomPlans.ConnectionString(withDefaults))
            .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
            .Build()));
        services.AddSingleton<DatabasePools>();
        services.AddDbContext<ArticlesDb>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => MigrationsAssembly.Use(npgsql))
            .UseSnakeCaseNamingConvention());
        return services;
    }

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
