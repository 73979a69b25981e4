using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

public static class DatabaseServices
{
    public const string ConnectionStringName = "Articles";

    /// A streaming standby for public reads (optional; Standby, StandbyReadsMiddleware).
    public const string ReadOnlyConnectionStringName = "ArticlesReadOnly";

    /// The service key of a context on the primary apart from the request's ArticlesDb: API key look-ups, which run
    /// before the request's route is known and must see a revoked key at once.
    public const string KeyLookups = "key-lookups";

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
        services.AddSingleton<Features.Articles.Ready.ReadyStatement>();
        services.AddSingleton<Features.Articles.Ready.ReadyMadeSwitches>();
        AddStandby(services, configuration);
        return services;
    }

    /// The request's ArticlesDb is a context on the standby when StandbyReadsMiddleware routed the request there, else
    /// the primary's pooled context as registered by AddDbContextPool. Without ConnectionStrings:ArticlesReadOnly nothing
    /// changes but one null check per context.
    static void AddStandby(IServiceCollection services, IConfiguration configuration)
    {
        var primary = services.Last(d => d.ServiceType == typeof(ArticlesDb) && !d.IsKeyedService).ImplementationFactory
            ?? throw new InvalidOperationException("ArticlesDb is expected to be registered by AddDbContextPool.");
        services.AddScoped(sp => StandbyReads.Current is { } standby ? standby.CreateContext() : (ArticlesDb)primary(sp));
        services.AddSingleton<KeyLookupContexts>();
        services.AddKeyedScoped(KeyLookups, (sp, _) => sp.GetRequiredService<KeyLookupContexts>().Create());

        var readOnly = configuration.GetConnectionString(ReadOnlyConnectionStringName);
        if (string.IsNullOrWhiteSpace(readOnly))
            return;
        services.AddSingleton(sp => new Standby(Standby.ConnectionString(readOnly), sp.GetRequiredService<DbContextOptions<ArticlesDb>>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.MaxReplicaLagSeconds,
            sp.GetRequiredService<ILoggerFactory>()));
        // Registered once as itself, so tests can check when they choose, and as the hosted service.
        services.AddSingleton<StandbyMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<StandbyMonitor>());
        services.AddHealthChecks().AddCheck<StandbyHealthCheck>("standby", failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded,
            tags: [Health.HealthChecks.Ready]);
    }

    /// Contexts on the primary for API key look-ups (DatabaseServices.KeyLookups), pooled apart from the request's.
    sealed class KeyLookupContexts(DbContextOptions<ArticlesDb> options)
    {
        readonly Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<ArticlesDb> _contexts = new(options, poolSize: 128);

        public ArticlesDb Create() => _contexts.CreateDbContext();
    }

    /// After the response cache: public reads it did not answer go to the standby while it is usable.
    public static IApplicationBuilder UseStandbyReads(this IApplicationBuilder app) =>
        app.ApplicationServices.GetService<Standby>() is null ? app : app.UseMiddleware<StandbyReadsMiddleware>();

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

    /// A standby whose replay is further behind the primary than this is skipped: public reads go to the primary.
    public int MaxReplicaLagSeconds { get; set; } = 5;

    /// How often the standby's replay and reachability are checked (StandbyMonitor); 0 stops the checks.
    public int ReplicaCheckMilliseconds { get; set; } = 1000;
}
