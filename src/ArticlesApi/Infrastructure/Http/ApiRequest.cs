using FastEndpoints;

namespace ArticlesApi.Infrastructure.Http;

public static class ApiRequest
{
    /// Whether a request is the API's (problem answers, its rate limits, a bad key refused): a matched
    /// endpoint says so by being a FastEndpoints endpoint (health checks are not). Where no endpoint matched,
    /// or only routing's 405 stand-in did (an endpoint without route or metadata), there is no declaration to
    /// read, and an unknown URL under /api must still answer as the API does (a problem 404): the URL decides.
    public static bool Is(HttpContext context) => context.GetEndpoint() is RouteEndpoint endpoint
        ? endpoint.Metadata.GetMetadata<EndpointDefinition>() is not null
        : context.Request.Path.StartsWithSegments("/api");
}
