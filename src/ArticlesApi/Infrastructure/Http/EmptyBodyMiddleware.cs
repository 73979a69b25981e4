namespace ArticlesApi.Infrastructure.Http;

/// A request that says its body is empty (`Content-Length: 0`) has no body, whatever Content-Type it also
/// sends: clients that set `Content-Type: application/json` on every request (a DELETE, an action without
/// options) would otherwise get FastEndpoints' 400 "not valid JSON" for a body they never sent.
public sealed class EmptyBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength == 0 && context.Request.ContentType is not null)
            context.Request.ContentType = null;
        return next(context);
    }
}
