using System.Data.Common;
using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

public static class DatabaseServices
{
    public const string ConnectionStringName = "Articles";
    public const int DefaultMaxAutoPrepare = 20;
    const string MaxAutoPrepareKeyword = "Max Auto Prepare";
    const string NoResetOnCloseKeyword = "No Reset On Close";

    public static IServiceCollection AddArticlesDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set (environment variable ConnectionStrings__{ConnectionStringName}).");

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddNpgsqlDataSource(connectionString, dataSource =>
        {
            // Defaults measured by bench/run.sh (bench/README.md); a connection string that sets them wins.
            // Persistent server-side prepared statements for the 20 most used commands, and no reset
            // statements sent when a connection goes back to the pool (nothing here changes session state).
            var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
            if (!given.ContainsKey(MaxAutoPrepareKeyword))
                dataSource.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
            if (!given.ContainsKey(NoResetOnCloseKeyword))
                dataSource.ConnectionStringBuilder.NoResetOnClose = true;
        });
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
