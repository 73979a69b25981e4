using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.Caching;

public static class ResponseCacheSetup
{
    public static IServiceCollection AddArticlesResponseCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CachingOptions>().Bind(configuration.GetSection(CachingOptions.Section));
        services.AddSingleton<ContentGeneration>();
        services.AddSingleton<ResponseCache>();
        return services;
    }

    /// After UseArticlesResilience (security headers, CORS, rate limits and timeouts apply to hits too),
    /// before the conditional-request middleware whose answers it stores.
    public static IApplicationBuilder UseArticlesResponseCache(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<CachingOptions>>().Value.Enabled
            ? app.UseMiddleware<ResponseCacheMiddleware>()
            : app;
}
