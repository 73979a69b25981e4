using Microsoft.AspNetCore.Http.Features;

namespace ArticlesApi.Infrastructure.Http;

/// JSON bodies are capped at 1 MiB (a long article is well under 200 KiB). Over the limit: 413 as
/// problem+json, whether the length is announced (Content-Length) or found while reading (chunked).
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public const long MaxBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            await TooLarge(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBytes;

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await TooLarge(context);
        }
    }

    static Task TooLarge(HttpContext context) =>
        Problems.WriteAsync(context, ProblemTypes.PayloadTooLarge,
            $"The request body is larger than {MaxBytes} bytes.");
}
