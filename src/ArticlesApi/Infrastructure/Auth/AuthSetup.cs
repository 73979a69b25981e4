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
        services.AddSingleton<VerifiedKeys>();
        services.AddHostedService<BootstrapAdminKey>();
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.Section))
            .Validate(o => o.MaxBytesPerKey > 0 && o.MaxRecordsPerKey > 0, "Idempotency:MaxBytesPerKey and MaxRecordsPerKey must be positive.")
            .ValidateOnStart();
        services.AddHostedService<IdempotencyPurge>();
        return services;
    }

    /// A key that is sent must be valid, even on public reads: a revoked or mistyped key answers 401
    /// instead of silently reading as anonymous (as GitHub's API does with bad credentials).
    /// Not async: every request passes here, and one without a refused key goes on without a state machine.
    static Task RefuseInvalidCredentials(HttpContext context, RequestDelegate next) =>
        context.Request.Headers.Authorization.Count > 0 && context.User.Identity?.IsAuthenticated != true && ApiRequest.Is(context)
            ? context.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName)
            : next(context);

    /// The writing pipeline, in order: body limit, who is calling, then idempotent replays (which are per key).
    public static IApplicationBuilder UseArticlesWriting(this IApplicationBuilder app) => app
        .UseMiddleware<StatusCodeProblemsMiddleware>()
        .UseMiddleware<RequestBodyLimitMiddleware>()
        .UseAuthentication()
        .Use(RefuseInvalidCredentials)
        .UseAuthorization()
        .UseMiddleware<IdempotencyMiddleware>();
}
