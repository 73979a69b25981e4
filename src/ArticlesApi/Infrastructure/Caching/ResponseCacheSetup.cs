using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.Caching;

public static class ResponseCacheSetup
{
    public static IServiceCollection AddArticlesResponseCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CachingOptions>().Bind(configuration.GetSection(CachingOptions.Section));
        services.AddSingleton<ContentGeneration>();
        services.AddSingleton<ResponseCache>();
        // The generation follows the recorded content changes: this process's commits, and a poll for the rest.
        services.AddSingleton<CommittedContentChanges>();
        services.ConfigureDbContext<ArticlesDb>((sp, options) => options.AddInterceptors(sp.GetRequiredService<CommittedContentChanges>()));
        // Registered once as itself, so tests can poll when they choose, and as the hosted service.
        services.AddSingleton<ContentChangePoller>();
        services.AddHostedService(sp => sp.GetRequiredService<ContentChangePoller>());
        return services;
    }

    /// After UseArticlesResilience (security headers, CORS, rate limits and timeouts apply to hits too).
    public static IApplicationBuilder UseArticlesResponseCache(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<CachingOptions>>().Value.Enabled
            ? app.UseMiddleware<ResponseCacheMiddleware>()
            : app;
}
