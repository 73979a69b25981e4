using FastEndpoints;

namespace ArticlesApi.Infrastructure.Http;

/// RFC 9110 §9.3.2: every GET also answers HEAD, with the status and headers the GET would have and no
/// body. Declared once for every endpoint (FastEndpoints' global configurator adds the verb wherever GET
/// is), and served by the GET's own handler and middlewares, so the ETag, 304, cache entry, problem
/// status, RateLimit fields and Content-Length are the GET's; only the body is dropped, at the edge.
public static class HeadRequests
{
    /// For `c.Endpoints.Configurator`: HEAD beside GET, anonymous wherever GET is.
    public static void AnswerHeadWhereGet(EndpointDefinition endpoint)
    {
        if (!endpoint.Verbs.Contains(HttpMethods.Get) || endpoint.Verbs.Contains(HttpMethods.Head))
            return;
        endpoint.AdditionalVerbs(FastEndpoints.Http.HEAD);
        if (endpoint.AnonymousVerbs is { } anonymous && anonymous.Contains(HttpMethods.Get) && !anonymous.Contains(HttpMethods.Head))
            endpoint.AllowAnonymous([.. anonymous, HttpMethods.Head]);
    }

    /// For `c.Endpoints.NameGenerator`: FastEndpoints' own names (`ArticlesGetEndpoint`), except that a
    /// GET keeps its name when HEAD joins it (the default would rename it `GetArticlesGetEndpoint`, and
    /// with it the OpenAPI operation id); the HEAD twin is `HeadArticlesGetEndpoint`.
    public static string EndpointName(EndpointNameGenerationContext context)
    {
        var name = context.EndpointType.FullName!.Replace(".", "", StringComparison.Ordinal) + context.RouteNumber;
        return context.HttpVerb is not { } verb || verb == HttpMethods.Get ? name : verb[0] + verb[1..].ToLowerInvariant() + name;
    }

    /// Outermost: a HEAD answer is computed in full (the ETag, Content-Length and cache entry need the
    /// body) and its bytes go nowhere. Kestrel drops them by itself; TestServer sends them (checked), and
    /// other servers may too.
    /// Requests no endpoint matched (Swagger UI's pages, served by middleware that only knows GET) are
    /// served as the GET they stand for.
    public static IApplicationBuilder UseHeadRequests(this IApplicationBuilder app) => app.Use(static (context, next) =>
        HttpMethods.IsHead(context.Request.Method) ? AnswerHeadAsync(context, next) : next(context));

    static async Task AnswerHeadAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var body = context.Response.Body;
        context.Response.Body = Stream.Null;
        var unrouted = context.GetEndpoint() is null;
        if (unrouted)
            request.Method = HttpMethods.Get;
        try
        {
            await next(context);
        }
        finally
        {
            if (unrouted)
                request.Method = HttpMethods.Head;
            context.Response.Body = body;
        }
    }
}
