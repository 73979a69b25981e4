using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ArticlesApi.Infrastructure.Redis;

/// Part of /health/ready when Redis is configured. Redis down is Degraded, never Unhealthy: /health/ready still
/// answers 200, so a load balancer keeps the instance, which serves on local limits meanwhile.
sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (redis.Available)
        {
            var latency = await redis.Database.PingAsync();
            return HealthCheckResult.Healthy($"Connected ({latency.TotalMilliseconds:0.#} ms): rate limits and cache invalidation are shared");
        }
        return HealthCheckResult.Degraded(
            $"Redis unreachable: rate limits are per instance and cached answers live {redis.Options.DegradedResponseSeconds} s until it returns");
    }
}
