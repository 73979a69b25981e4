using ArticlesApi.Infrastructure.Caching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ArticlesApi.Infrastructure.Http;

/// Gives every successful JSON answer of the API an ETag (GET, and the 201/200 of writes), answers a
/// GET whose If-None-Match matches with 304, and sets Cache-Control on reads.
public sealed class ConditionalRequestsMiddleware(RequestDelegate next, IOptions<CachingOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        using var buffer = await ResponseBuffer.CaptureAsync(context, next);

        var response = context.Response;
        var isRead = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        if (response.StatusCode is >= 200 and < 300 && buffer.Length > 0 && response.ContentType?.Contains("json") == true)
        {
            var etag = response.Headers.ETag.ToString();
            if (string.IsNullOrEmpty(etag))
                response.Headers.ETag = etag = ETags.Of(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));

            if (isRead)
            {
                SetCacheControl(context);
                if (ETags.AnyMatchesWeakly(context.Request.Headers.IfNoneMatch, etag))
                {
                    ResponseBuffer.NotModified(response);
                    return;
                }
            }
        }

        await ResponseBuffer.SendAsync(context, buffer);
    }

    void SetCacheControl(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.Vary = HeaderNames.Authorization;
        if (!string.IsNullOrEmpty(headers.CacheControl))
            return;
        headers.CacheControl = context.Request.Headers.Authorization.Count == 0
            ? $"public, max-age={options.Value.PublicMaxAgeSeconds}"
            : "private, no-cache";
    }
}
