using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Redis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.Caching;

/// Answers anonymous reads (and reader keys' reads) of endpoints declared `ConditionalRead.Public` from memory: the stored bytes, ETag
/// and headers of the answer the pipeline gave at the current content generation, until
/// Caching:ResponseSeconds (Redis:DegradedResponseSeconds while a configured Redis is away) or the next scheduled publication, whichever comes first. On a miss it only says
/// where the answer goes (ResponseCacheFill); the representation is stored by the place that writes it
/// (Representations), which also answers that request's If-None-Match. A HEAD is a GET whose body is dropped
/// at the edge (HeadRequests): it is served from the same entries, and a miss fills one. Writes are none of
/// its business: the generation advances from the content changes they record (ContentGeneration). Sits
/// behind security headers, CORS, rate limiting and timeouts, which so apply to hits; routing has run, so
/// the endpoint's declaration is known. See docs/decisions/0008, 0017 and 0020.
public sealed class ResponseCacheMiddleware(RequestDelegate next, ResponseCache cache, ContentGeneration content,
    IOptions<CachingOptions> options, TimeProvider time, RedisConnection redis)
{
    readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.Value.ResponseSeconds);

    /// While Redis is configured but away, other instances' writes arrive only by the poller: answers live shorter.
    readonly TimeSpan _degradedLifetime = TimeSpan.FromSeconds(Math.Min(options.Value.ResponseSeconds, redis.Options.DegradedResponseSeconds));

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpBehaviour.Of<ConditionalRead>(context) is not { Audience: ReadAudience.Public } read || read.IsPrivateFor(request)
            || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || _lifetime <= TimeSpan.Zero)
            return next(context);
        return request.Headers.Authorization.Count == 0 ? ReadAsync(context) : ReadWithKeyAsync(context);
    }

    /// A reader key reads what the public reads (Caller.ReadsAsPublic), so it is served from and fills the same
    /// entries, once its key is checked. Authentication runs here for keyed public reads and only once per request:
    /// UseAuthentication later gets the same handler's result, so the key is still looked up on every request and
    /// a revoked key fails at once. Any other key goes on to the endpoint (or to 401).
    async Task ReadWithKeyAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync();
        if (result is { Succeeded: true, Principal: { } user } && user.IsInRole(RoleNames.Reader))
        {
            context.User = user;
            await ReadAsync(context);
            return;
        }
        await next(context);
    }

    async Task ReadAsync(HttpContext context)
    {
        var key = ResponseCache.KeyOf(context.Request);
        // In this order: an answer computed after these reads reflects at least this generation and this time.
        var generation = content.Current;
        var now = time.GetUtcNow().UtcDateTime;
        if (cache.TryGet(key, generation, now, out var hit))
        {
            await SendAsync(context, key, hit);
            return;
        }

        // A database that is away fails here as the endpoint would: 503, and ReadRetryMiddleware's one retry.
        var nextPublication = await content.NextPublicationAsync(generation, now, context.RequestAborted);
        var expires = now + (redis.Degraded ? _degradedLifetime : _lifetime);
        if (nextPublication < expires)
            expires = nextPublication.Value;
        context.Features.Set(new ResponseCacheFill(cache, key, generation, expires));
        await next(context);
    }

    /// A 304 is shaped as Representations shapes it (ResponseBuffer.NotModified); the body is sent in the
    /// coding this request accepts, as stored (ContentCodings).
    Task SendAsync(HttpContext context, string key, CachedResponse entry)
    {
        var response = context.Response;
        var headers = response.Headers;
        foreach (var (name, value) in entry.Headers)
            headers[name] = value;
        var coding = ContentCodings.Choose(context, entry.Body.Length);
        ContentCodings.Describe(response, entry.ETag, coding);
        if (ETags.AnyMatchesWeakly(context.Request.Headers.IfNoneMatch, entry.ETag))
        {
            ResponseBuffer.NotModified(response);
            return Task.CompletedTask;
        }

        var body = cache.BodyIn(key, entry, coding);
        response.StatusCode = entry.StatusCode;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
