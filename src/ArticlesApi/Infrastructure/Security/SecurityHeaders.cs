namespace ArticlesApi.Infrastructure.Security;

/// Headers on every answer, errors and 304s included (set when the response starts, so nothing later
/// in the pipeline can drop them). JSON needs no sources at all; Swagger UI gets exactly what it loads:
/// its own scripts and styles from /swagger, the inline styles and data: icons swagger-ui renders, and
/// the OpenAPI document from this origin.
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public const string SwaggerUiPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/swagger") ? SwaggerUiPolicy : ApiPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // Media files are pictures that front ends on other sites embed.
            headers["Cross-Origin-Resource-Policy"] = http.Request.Path.StartsWithSegments("/media") ? "cross-origin" : "same-site";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
