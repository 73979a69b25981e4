using ArticlesApi.Infrastructure.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ArticlesApi.Infrastructure.Caching;

/// Answers anonymous GETs under /api/v1 from memory: the stored bytes, ETag and headers of the answer
/// the pipeline gave at the current content generation, until Caching:ResponseSeconds or the next
/// scheduled publication, whichever comes first. A HEAD is a GET whose body is dropped at the edge
/// (HeadRequests): it is served from the same entries, and a miss fills one. Writes are none of its
/// business: the generation advances from the content changes they record (ContentGeneration). Sits behind
/// security headers, CORS, rate limiting and timeouts, which so apply to hits.
/// See docs/decisions/0008 and 0017.
public sealed class ResponseCacheMiddleware(RequestDelegate next, ResponseCache cache, ContentGeneration content,
    IOptions<CachingOptions> options, TimeProvider time)
{
    static readonly PathString Api = "/api/v1";

    readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.Value.ResponseSeconds);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        return request.Path.StartsWithSegments(Api) && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Headers.Authorization.Count == 0 && _lifetime > TimeSpan.Zero
            ? ReadAsync(context)
            : next(context);
    }

    async Task ReadAsync(HttpContext context)
    {
        var key = ResponseCache.KeyOf(context.Request);
        // In this order: an answer computed after these reads reflects at least this generation and this time.
        var generation = content.Current;
        var now = time.GetUtcNow().UtcDateTime;
        string? ifNoneMatch = context.Request.Headers.IfNoneMatch;
        if (cache.TryGet(key, generation, now, out var hit))
        {
            await SendAsync(context, hit, ifNoneMatch);
            return;
        }

        // A database that is away fails here as the endpoint would: 503, and ReadRetryMiddleware's one retry.
        var nextPublication = await content.NextPublicationAsync(generation, now, context.RequestAborted);

        // The pipeline computes the full answer, which is stored; this middleware then decides on 304.
        var request = context.Request;
        request.Headers.Remove(HeaderNames.IfNoneMatch);
        MemoryStream buffer;
        try
        {
            buffer = await ResponseBuffer.CaptureAsync(context, next);
        }
        finally
        {
            if (ifNoneMatch is not null)
                request.Headers.IfNoneMatch = ifNoneMatch;
        }
        using var _ = buffer;
        var response = context.Response;

        var etag = response.Headers.ETag.ToString();
        if (response.StatusCode is >= 200 and < 300 && buffer.Length > 0 && etag.Length > 0)
        {
            var expires = now + _lifetime;
            if (nextPublication < expires)
                expires = nextPublication.Value;
            var entry = new CachedResponse(response.StatusCode, StoredHeadersOf(response), buffer.ToArray(), etag, generation, expires);
            cache.Store(key, entry);
            await SendAsync(context, entry, ifNoneMatch);
            return;
        }

        await ResponseBuffer.SendAsync(context, buffer);
    }

    static KeyValuePair<string, StringValues>[] StoredHeadersOf(HttpResponse response) =>
        CachedResponse.StoredHeaders
            .Where(response.Headers.ContainsKey)
            .Select(name => KeyValuePair.Create(name, response.Headers[name]))
            .ToArray();

    /// A 304 is shaped as ConditionalRequestsMiddleware shapes it (ResponseBuffer.NotModified).
    static Task SendAsync(HttpContext context, CachedResponse entry, string? ifNoneMatch)
    {
        var response = context.Response;
        var headers = response.Headers;
        foreach (var (name, value) in entry.Headers)
            headers[name] = value;
        if (ETags.AnyMatchesWeakly(ifNoneMatch, entry.ETag))
        {
            ResponseBuffer.NotModified(response);
            return Task.CompletedTask;
        }

        response.StatusCode = entry.StatusCode;
        response.ContentLength = entry.Body.Length;
        return response.Body.WriteAsync(entry.Body, context.RequestAborted).AsTask();
    }
}
