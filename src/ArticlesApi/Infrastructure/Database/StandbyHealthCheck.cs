using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ArticlesApi.Infrastructure.Database;

/// Part of /health/ready when ConnectionStrings:ArticlesReadOnly is set: what StandbyMonitor last found (nothing is
/// asked of a database here). A standby that is down or lagging is Degraded, never Unhealthy: public reads go to the
/// primary meanwhile, so /health/ready still answers 200 and a load balancer keeps the instance.
sealed class StandbyHealthCheck(Standby standby) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(standby.Current is { Problem: { } problem }
            ? HealthCheckResult.Degraded($"Public reads go to the primary: {problem}")
            : HealthCheckResult.Healthy($"Public reads go to the standby ({standby.Current.Lag.TotalSeconds:0.###} s behind the primary)"));
}
