using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using ArticlesApi.Infrastructure.Http;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.RateLimiting;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// false turns every limit off (benchmarks and load tests).
    public bool Enabled { get; set; } = true;

    /// Requests without a key, per client address.
    public WindowOptions Anonymous { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    /// GET and HEAD with a key, per key.
    public WindowOptions KeyReads { get; set; } = new() { PermitLimit = 3000, WindowSeconds = 60 };

    /// POST, PUT and DELETE, per key.
    public WindowOptions Writes { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };
}

public sealed class WindowOptions
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; } = 60;
}

/// The IETF draft's separate fields (draft-ietf-httpapi-ratelimit-headers-03 onwards, the form most
/// clients parse): limit of the window, what is left of it, seconds until it resets.
public static class RateLimitHeaders
{
    public const string Limit = "RateLimit-Limit";
    public const string Remaining = "RateLimit-Remaining";
    public const string Reset = "RateLimit-Reset";
}

/// ASP.NET Core's rate limiter with one fixed window per caller: per API key for writes and keyed
/// reads, per client address for everyone else. Partitions are chosen before authentication, from the
/// presented key's hash, so a flood costs no database lookups. Every /api answer carries the RateLimit
/// fields; a refusal is 429 with Retry-After.
public static class RateLimitingSetup
{
    const string PartitionItem = "ArticlesApi.RateLimitPartition";

    public static IServiceCollection AddArticlesRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.Section));
        services.AddSingleton<Partitions>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<Partitions>((o, partitions) =>
            {
                o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(partitions.For);
                o.OnRejected = (rejected, _) =>
                {
                    var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                        ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                        : 1;
                    rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    return new ValueTask(Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too Many Requests",
                        $"This client has used its requests for this window. Retry in {seconds} seconds."));
                };
            });
        return services;
    }

    public static IApplicationBuilder UseArticlesRateLimiting(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled)
            return app;
        return app.Use(WriteHeadersOnStart).UseRateLimiter();
    }

    static Task WriteHeadersOnStart(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            if (http.Items[PartitionItem] is string key
                && http.RequestServices.GetRequiredService<Partitions>().Find(key) is { } limiter)
            {
                var headers = http.Response.Headers;
                headers[RateLimitHeaders.Limit] = limiter.Limit.ToString(CultureInfo.InvariantCulture);
                headers[RateLimitHeaders.Remaining] = limiter.Remaining.ToString(CultureInfo.InvariantCulture);
                headers[RateLimitHeaders.Reset] = ((int)Math.Ceiling(limiter.ResetAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    /// Chooses the window of a request and keeps each live window findable for the response headers.
    sealed class Partitions(IOptions<RateLimitingOptions> options)
    {
        readonly ConcurrentDictionary<string, WindowLimiter> _live = new();

        public WindowLimiter? Find(string key) => _live.GetValueOrDefault(key);

        public RateLimitPartition<string> For(HttpContext context)
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
                return RateLimitPartition.GetNoLimiter("unlimited");

            var settings = options.Value;
            string? authorization = context.Request.Headers.Authorization;
            var read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            var (policy, window) = string.IsNullOrEmpty(authorization) ? ("anonymous", settings.Anonymous)
                : read ? ("key-reads", settings.KeyReads)
                : ("writes", settings.Writes);
            var caller = string.IsNullOrEmpty(authorization)
                ? context.Connection.RemoteIpAddress?.ToString() ?? "unknown"
                // The key's hash, never the key: partition keys end up in memory dumps and diagnostics.
                : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)), 0, 12);
            var key = $"{policy}:{caller}";
            context.Items[PartitionItem] = key;
            return RateLimitPartition.Get(key, k =>
            {
                var limiter = new WindowLimiter(window.PermitLimit, TimeSpan.FromSeconds(window.WindowSeconds),
                    disposed => _live.TryRemove(new KeyValuePair<string, WindowLimiter>(k, disposed)));
                _live[k] = limiter;
                return limiter;
            });
        }
    }
}
