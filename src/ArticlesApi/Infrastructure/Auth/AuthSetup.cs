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
    static Task RefuseInvalidCredentials(HttpContext context, RequestDelegate next) =>
        context.User.Identity?.IsAuthenticated != true && ApiRequest.Is(context)
            ? context.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName)
            : next(context);

    /// The writing pipeline, in order: body limit, who is calling, then idempotent replays (which are per key).
    /// Authentication runs for requests that send an Authorization header: without one the handler has nothing to
    /// read (NoResult), the caller is anonymous, and authorization challenges where a key is needed, as before; what is
    /// skipped is the handler's creation and the authentication service's round for every anonymous read.
    public static IApplicationBuilder UseArticlesWriting(this IApplicationBuilder app) => app
        .UseMiddleware<StatusCodeProblemsMiddleware>()
        .UseMiddleware<RequestBodyLimitMiddleware>()
        .UseWhen(context => context.Request.Headers.Authorization.Count > 0,
            withCredentials => withCredentials.UseAuthentication().Use(RefuseInvalidCredentials))
        .UseAuthorization()
        .UseMiddleware<IdempotencyMiddleware>();
}
