using ArticlesApi.Infrastructure.Idempotency;

namespace ArticlesApi.Infrastructure.Security;

public sealed class CorsOptions
{
    public const string Section = "Cors";

    /// Front-end origins allowed to call the API from a browser, e.g. "https://www.example.org".
    /// Empty (the default): no cross-origin access.
    public string[] AllowedOrigins { get; set; } = [];

    /// How long a browser may cache a preflight answer.
    public int PreflightMaxAgeSeconds { get; set; } = 600;
}

/// Cross-origin access for the front ends named in Cors:AllowedOrigins. Keys travel in the
/// Authorization header, never in cookies, so credentials mode stays off.
public static class CorsSetup
{
    public const string PolicyName = "front-ends";

    static readonly string[] Exposed =
    [
        "ETag", "Link", "Location", "Retry-After", "Idempotent-Replayed",
        RateLimiting.RateLimitHeaders.Limit, RateLimiting.RateLimitHeaders.Remaining, RateLimiting.RateLimitHeaders.Reset,
    ];

    static readonly string[] Allowed = ["Authorization", "Content-Type", "If-Match", "If-None-Match", IdempotencyMiddleware.HeaderName];

    public static IServiceCollection AddArticlesCors(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CorsOptions.Section).Get<CorsOptions>() ?? new CorsOptions();
        var origins = options.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToArray();
        services.AddCors(cors => cors.AddPolicy(PolicyName, policy => policy
            .WithOrigins(origins)
            .WithMethods("GET", "HEAD", "POST", "PUT", "DELETE")
            .WithHeaders(Allowed)
            .WithExposedHeaders(Exposed)
            .SetPreflightMaxAge(TimeSpan.FromSeconds(options.PreflightMaxAgeSeconds))));
        return services;
    }
}
