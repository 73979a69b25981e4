using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.RateLimiting;
using ArticlesApi.Infrastructure.Security;
using Microsoft.AspNetCore.Http.Timeouts;

namespace ArticlesApi.Infrastructure.Resilience;

public sealed class RequestTimeoutOptions
{
    public const string Section = "RequestTimeouts";

    /// A request still running after this many seconds is cancelled and answers 503 with Retry-After.
    public int Seconds { get; set; } = 10;

    /// Routes that receive large bodies (image uploads, named UploadPolicy): 20 MB at 10 Mbit/s take 16 s to arrive,
    /// then the image is processed.
    public int UploadSeconds { get; set; } = 120;

    public const string UploadPolicy = "uploads";
}

/// What keeps the API answering when the database goes away, under overload and under attack:
/// exception mapping (503 for an unavailable database), request timeouts, read retries, security
/// headers, CORS and rate limiting. See docs/decisions/0006.
public static class ResilienceSetup
{
    public static IServiceCollection AddArticlesResilience(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<UnexpectedErrorHandler>();
        services.AddProblemDetails();

        var timeouts = configuration.GetSection(RequestTimeoutOptions.Section).Get<RequestTimeoutOptions>() ?? new RequestTimeoutOptions();
        services.AddRequestTimeouts(o =>
        {
            o.DefaultPolicy = TimeoutPolicy(timeouts.Seconds);
            o.AddPolicy(RequestTimeoutOptions.UploadPolicy, TimeoutPolicy(timeouts.UploadSeconds));
        });
        return services.AddArticlesCors(configuration).AddArticlesForwardedHeaders(configuration).AddArticlesRateLimiting(configuration);
    }

    /// Outermost first: the client's address from a known proxy, every answer gets the security headers, exceptions are mapped in one place,
    /// cross-origin and rate limits are decided before any work, then requests are bounded in time and reads retried.
    public static IApplicationBuilder UseArticlesResilience(this IApplicationBuilder app) => app
        .UseArticlesForwardedHeaders()
        .UseMiddleware<SecurityHeadersMiddleware>()
        .UseExceptionHandler()
        .UseCors(CorsSetup.PolicyName)
        .UseArticlesRateLimiting()
        .UseRequestTimeouts()
        .UseMiddleware<ReadRetryMiddleware>();

    static RequestTimeoutPolicy TimeoutPolicy(int seconds) => new()
    {
        Timeout = TimeSpan.FromSeconds(seconds),
        TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        WriteTimeoutResponse = context =>
        {
            context.Response.Headers.RetryAfter = "2";
            // RequestAborted is the timeout's own, already cancelled token until the middleware returns.
            context.RequestAborted = CancellationToken.None;
            return Problems.WriteAsync(context, ProblemTypes.Timeout,
                $"The request took longer than {seconds} seconds and was cancelled. Retry in a moment.");
        },
    };
}
