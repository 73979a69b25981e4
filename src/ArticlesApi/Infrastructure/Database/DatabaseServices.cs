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

    public static IServiceCollection AddArticlesDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set (environment variable ConnectionStrings__{ConnectionStringName}).");

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddNpgsqlDataSource(connectionString, dataSource =>
        {
            // Persistent server-side prepared statements for the 20 most used commands: the largest single
            // gain measured on the read paths (bench/README.md). A connection string that sets it wins.
            if (!new DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey(MaxAutoPrepareKeyword))
                dataSource.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
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
