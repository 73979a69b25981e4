using Microsoft.AspNetCore.Http.Features;

namespace ArticlesApi.Infrastructure.Http;

/// JSON bodies are capped at 1 MiB (a long article is well under 200 KiB). Over the limit: 413 as
/// problem+json, whether the length is announced (Content-Length) or found while reading (chunked). An endpoint that
/// declares LargeBody (an upload) has its own limit instead.
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public const long MaxBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var large = HttpBehaviour.Of<LargeBody>(context);
        var maxBytes = large?.MaxBytes(context.RequestServices) ?? MaxBytes;
        if (context.Request.ContentLength > maxBytes)
        {
            await TooLarge(context, large);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await TooLarge(context, large);
        }
    }

    static Task TooLarge(HttpContext context, LargeBody? large) =>
        Problems.WriteAsync(context, ProblemTypes.PayloadTooLarge,
            large?.Detail(context.RequestServices) ?? $"The request body is larger than {MaxBytes} bytes.");
}
