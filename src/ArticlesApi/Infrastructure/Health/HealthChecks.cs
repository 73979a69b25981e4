using ArticlesApi.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ArticlesApi.Infrastructure.Health;

public static class HealthChecks
{
    /// The tag of the checks /health/ready runs.
    public const string Ready = "ready";
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static IServiceCollection AddArticlesHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.Section));
        services.AddSingleton<Draining>();
        services.AddHostedService(sp => sp.GetRequiredService<Draining>());
        // The drain comes on top of the time Kestrel is given to finish the requests in flight.
        var drain = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue<int>($"{ShutdownOptions.Section}:{nameof(ShutdownOptions.DrainSeconds)}")));
        services.Configure<HostOptions>(o => o.ShutdownTimeout += drain);
        services.AddHealthChecks()
            .AddCheck<Draining>("draining", tags: [Ready])
            .AddNpgSql(name: "database", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready], timeout: CheckTimeout);
        return services;
    }

    public static void MapArticlesHealthChecks(this IEndpointRouteBuilder app)
    {
        // Liveness runs no checks: the process answers, so it is up.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
    }
}

sealed class MigrationsHealthCheck(ArticlesDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("All migrations applied")
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: {string.Join(", ", pending)}");
    }
}
