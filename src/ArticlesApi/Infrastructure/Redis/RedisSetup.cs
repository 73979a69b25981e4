using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ArticlesApi.Infrastructure.Redis;

public static class RedisSetup
{
    /// Always registered (the cache and the limiter ask it); it connects only when Redis:Configuration is set.
    public static IServiceCollection AddArticlesRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section));
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<ContentChangeBroadcast>();
        // In this order: connected (or connecting) before subscribing.
        services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        services.AddHostedService(sp => sp.GetRequiredService<ContentChangeBroadcast>());
        if (!string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"]))
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", failureStatus: HealthStatus.Degraded, tags: [Health.HealthChecks.Ready],
                timeout: TimeSpan.FromSeconds(2));
        return services;
    }
}
