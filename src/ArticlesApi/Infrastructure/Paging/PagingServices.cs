using ArticlesApi.Infrastructure.Database;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.Paging;

public static class PagingServices
{
    public static IServiceCollection AddPaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PagingOptions>().Bind(configuration.GetSection(PagingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PagingOptions>, PagingOptionsValidation>();
        services.AddSingleton<InstallationSecrets>();
        services.AddSingleton<CursorKey>();
        services.AddHostedService<CursorKeyLoader>();
        // Before the resilience handlers (AddArticlesResilience comes later), which would make it a 500.
        services.AddExceptionHandler<CursorKeyUnavailableHandler>();
        services.AddSingleton<CursorCodec>();
        Http.PublicUrls.Add(services, configuration);
        return services;
    }
}
