using Microsoft.AspNetCore.Http.Features;

namespace ArticlesApi.Infrastructure.Http;

/// A request without a body — `Content-Length: 0`, or neither a length nor chunked framing (RFC 9112 §6.3,
/// which the server reports as CanHaveBody = false) — has no body, whatever Content-Type it also sends: clients
/// that set `Content-Type: application/json` on every request (a DELETE, an action without options) would
/// otherwise get FastEndpoints' 400 "not valid JSON" for a body they never sent. An endpoint that needs a body
/// then refuses the missing body itself (415 without a Content-Type), which Problems turns into a 400 naming `body`.
public sealed class EmptyBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType is not null && HasNoBody(context))
            context.Request.ContentType = null;
        return next(context);
    }

    public static bool HasNoBody(HttpContext context) =>
        context.Request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;
}
