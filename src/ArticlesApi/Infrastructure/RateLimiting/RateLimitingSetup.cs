using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.RateLimiting;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// false turns every limit off (benchmarks and load tests).
    public bool Enabled { get; set; } = true;

    /// /api requests without a verified key, per client address (junk and not yet verified keys included).
    public WindowOptions Anonymous { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    /// GET and HEAD with a verified key, per key.
    public WindowOptions KeyReads { get; set; } = new() { PermitLimit = 3000, WindowSeconds = 60 };

    /// Every request with a verified reader key, per key: a front-end server renders pages for many visitors
    /// from one address, so its window is larger than a person's.
    public WindowOptions Readers { get; set; } = new() { PermitLimit = 30000, WindowSeconds = 60 };

    /// POST, PUT and DELETE with a verified key, per key.
    public WindowOptions Writes { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    /// Everything outside /api (health checks, the OpenAPI document, Swagger UI), per client address:
    /// generous, as a probe polls /health and a Swagger UI page loads half a dozen files.
    public WindowOptions Other { get; set; } = new() { PermitLimit = 1200, WindowSeconds = 60 };
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
/// reads, per client address for everyone else. Partitions are chosen before authentication: a request
/// gets its key's window only when the key authenticated on this instance lately (VerifiedKeys); any
/// other Authorization value counts against its address's anonymous window, so a flood of junk keys
/// is refused after the anonymous limit without a database lookup. An endpoint may declare that its
/// requests cost more than one permit (RequestCost). Every answer carries the RateLimit fields; a
/// refusal is 429 with Retry-After. With Redis (Redis:Configuration) the same windows are counted in Redis, one
/// window per caller across instances (SharedWindows); while Redis is away each instance counts its own.
public static class RateLimitingSetup
{
    internal const string PartitionItem = "ArticlesApi.RateLimitPartition";

    public static IServiceCollection AddArticlesRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.Section));
        services.AddSingleton<Partitions>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<Partitions>((o, partitions) =>
            {
                o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                o.GlobalLimiter = new Weighted(PartitionedRateLimiter.Create<HttpContext, string>(partitions.For));
                o.OnRejected = (rejected, _) =>
                {
                    var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                        ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                        : 1;
                    rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    var cost = RequestCost.Of(rejected.HttpContext);
                    var detail = cost == 1
                        ? $"This client has used its requests for this window. Retry in {seconds} seconds."
                        : $"This request counts as {cost} requests, more than this client has left in this window. Retry in {seconds} seconds.";
                    return new ValueTask(Problems.WriteAsync(rejected.HttpContext, ProblemTypes.RateLimited, detail));
                };
            });
        return services;
    }

    public static IApplicationBuilder UseArticlesRateLimiting(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled)
            return app;
        return app.Use(WriteHeadersOnStart).UseMiddleware<SharedWindows>().UseRateLimiter();
    }

    static Task WriteHeadersOnStart(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            if (SharedWindows.StateOf(http) is { } shared)
                Write(http.Response.Headers, shared.Limit, shared.Remaining, shared.ResetAfter);
            else if (http.Items[PartitionItem] is string key
                && http.RequestServices.GetRequiredService<Partitions>().Find(key) is { } limiter)
                Write(http.Response.Headers, limiter.Limit, limiter.Remaining, limiter.ResetAfter);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    static void Write(IHeaderDictionary headers, int limit, int remaining, TimeSpan resetAfter)
    {
        headers[RateLimitHeaders.Limit] = limit.ToString(CultureInfo.InvariantCulture);
        headers[RateLimitHeaders.Remaining] = remaining.ToString(CultureInfo.InvariantCulture);
        headers[RateLimitHeaders.Reset] = ((int)Math.Ceiling(resetAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// Asks the partition's window for as many permits as the request costs, unless Redis has decided (SharedWindows).
    sealed class Weighted(PartitionedRateLimiter<HttpContext> inner) : PartitionedRateLimiter<HttpContext>
    {
        public override RateLimiterStatistics? GetStatistics(HttpContext resource) => inner.GetStatistics(resource);

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
            SharedWindows.LeaseOf(resource) ?? inner.AttemptAcquire(resource, permitCount * RequestCost.Of(resource));

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
            SharedWindows.LeaseOf(resource) is { } decided
                ? ValueTask.FromResult(decided)
                : inner.AcquireAsync(resource, permitCount * RequestCost.Of(resource), cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        protected override ValueTask DisposeAsyncCore() => inner.DisposeAsync();
    }

    /// Chooses the window of a request and keeps each live window findable for the response headers.
    internal sealed class Partitions(IOptions<RateLimitingOptions> options, VerifiedKeys verified, TimeProvider time)
    {
        readonly ConcurrentDictionary<string, WindowLimiter> _live = new();

        public WindowLimiter? Find(string key) => _live.GetValueOrDefault(key);

        /// The window a request counts against, by its key ("policy:caller"), remembered for the response headers.
        public (string Key, WindowOptions Window) Choose(HttpContext context)
        {
            var (policy, window, caller) = Classify(context, options.Value);
            var key = $"{policy}:{caller}";
            context.Items[PartitionItem] = key;
            return (key, window);
        }

        public RateLimitPartition<string> For(HttpContext context)
        {
            var (key, window) = Choose(context);
            return RateLimitPartition.Get(key, k =>
            {
                var limiter = new WindowLimiter(window.PermitLimit, TimeSpan.FromSeconds(window.WindowSeconds), time,
                    disposed => _live.TryRemove(new KeyValuePair<string, WindowLimiter>(k, disposed)));
                _live[k] = limiter;
                return limiter;
            });
        }

        (string Policy, WindowOptions Window, string Caller) Classify(HttpContext context, RateLimitingOptions settings)
        {
            if (!ApiRequest.Is(context))
                return ("other", settings.Other, ClientAddress.Of(context));
            if (ApiKeySecrets.FromAuthorization(context.Request.Headers.Authorization) is { } secret && ApiKeySecrets.CouldBeKey(secret)
                && verified.TryFind(ApiKeySecrets.Hash(secret), out var keyId, out var isReader))
            {
                if (isReader)
                    return ("readers", settings.Readers, keyId.ToString("N"));
                var read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
                return read ? ("key-reads", settings.KeyReads, keyId.ToString("N")) : ("writes", settings.Writes, keyId.ToString("N"));
            }
            return ("anonymous", settings.Anonymous, ClientAddress.Of(context));
        }
    }
}
