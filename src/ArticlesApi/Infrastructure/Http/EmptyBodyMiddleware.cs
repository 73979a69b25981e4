using Microsoft.AspNetCore.Http.Features;

namespace ArticlesApi.Infrastructure.Http;

/// A request without a body — `Content-Length: 0`, or neither a length nor chunked framing (RFC 9112 §6.3,
/// which the server reports as CanHaveBody = false) — has no body, whatever Content-Type it also sends: clients
/// that set `Content-Type: application/json` on every request (a DELETE, an action without options) would
/// otherwise get FastEndpoints' 400 "not valid JSON" for a body they never sent.
public sealed class EmptyBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType is not null
            && (request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false))
            request.ContentType = null;
        return next(context);
    }
}
