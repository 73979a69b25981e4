using Microsoft.IO;
using Microsoft.Net.Http.Headers;

namespace ArticlesApi.Infrastructure.Http;

/// Pooled memory for whole answers: the representation being serialized (Representations) and the answer
/// an idempotent POST stores (IdempotencyMiddleware, the one middleware that captures an answer); and the
/// one shape of a 304 (Representations, the response cache's hits).
public static class ResponseBuffer
{
    /// Pooled buffers: every API answer passes through one, and a growing MemoryStream per request was
    /// a fifth of what a list page allocated (docs/decisions/0010-pooled-contexts.md).
    static readonly RecyclableMemoryStreamManager Buffers = new(new RecyclableMemoryStreamManager.Options
    {
        // What the pools keep between requests; beyond it returned blocks are left to the GC
        // (the library's default, 0, keeps every block ever needed).
        MaximumSmallPoolFreeBytes = 16 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 16 * 1024 * 1024,
    });

    /// An empty pooled buffer; disposing it returns its memory. With an id given: the library's default id is a
    /// Guid.NewGuid per stream (a getrandom call per answer) that only its events would show, and none is listened to.
    public static MemoryStream Rent() => Buffers.GetStream(Guid.Empty, nameof(ResponseBuffer));

    /// Runs the rest of the pipeline with the response body captured in memory; the caller sends it
    /// (SendAsync) and disposes the buffer, which returns its memory to the pool. A representation is captured
    /// in identity coding (CapturedAnswer), so what is kept does not depend on one request's Accept-Encoding.
    public static async Task<MemoryStream> CaptureAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        var buffer = Rent();
        context.Features.Set(new CapturedAnswer());
        context.Response.Body = buffer;
        try
        {
            await next(context);
            return buffer;
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }
    }

    /// Sends a captured answer; a representation in the coding this request accepts (ContentCodings).
    public static Task SendAsync(HttpContext context, MemoryStream buffer)
    {
        if (buffer.Length == 0)
            return Task.CompletedTask;
        if (context.Features.Get<CapturedAnswer>()?.RepresentationETag is { } etag)
            return ContentCodings.WriteAsync(context.Response, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), etag, context.RequestAborted);
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        return buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// 304 keeps ETag, Cache-Control and Vary; it drops the body, its type and coding and the paging links
    /// (they describe the body).
    public static void NotModified(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status304NotModified;
        response.Headers.Remove(HeaderNames.Link);
        response.Headers.ContentType = default;
        response.Headers.ContentEncoding = default;
        response.ContentLength = null;
    }
}

/// Set while an answer is captured whole (ResponseBuffer.CaptureAsync): Representations then writes the
/// representation in identity coding and records its ETag here, and ResponseBuffer.SendAsync encodes it.
public sealed class CapturedAnswer
{
    public string? RepresentationETag { get; set; }
}
