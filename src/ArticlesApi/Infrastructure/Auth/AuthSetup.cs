using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Idempotency;
using Microsoft.AspNetCore.Authentication;

namespace ArticlesApi.Infrastructure.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddArticlesAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddHostedService<BootstrapAdminKey>();
        services.AddHostedService<IdempotencyPurge>();
        return services;
    }

    /// The writing pipeline, in order: body limit, who is calling, then idempotent replays (which are per key).
    public static IApplicationBuilder UseArticlesWriting(this IApplicationBuilder app) => app
        .UseStatusCodePages(Problems.WriteStatusCodeProblemAsync)
        .UseMiddleware<RequestBodyLimitMiddleware>()
        .UseAuthentication()
        .UseAuthorization()
        .UseMiddleware<IdempotencyMiddleware>();
}
