using Microsoft.Extensions.Primitives;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Infrastructure.RateLimiting;

/// Endpoint metadata: a request to this endpoint counts as Permits requests against its caller's
/// window (with WhenGiven, only a request that gives that query parameter). Declared in Configure():
/// `Options(o => o.WithMetadata(new RequestCost(10, WhenGiven: "q")))`. The limiter decides before
/// the response cache, so a cached answer costs the same: what a request costs is known from the request.
public sealed record RequestCost(int Permits, string? WhenGiven = null)
{
    public int For(HttpRequest request) =>
        WhenGiven is null || !StringValues.IsNullOrEmpty(request.Query[WhenGiven]) ? Permits : 1;

    /// What this request costs: 1 unless its endpoint declares more.
    public static int Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RequestCost>()?.For(context.Request) ?? 1;

    public string Describe() => WhenGiven is null
        ? $"Rate limit: each request counts as {Permits} requests."
        : $"Rate limit: a request with `{WhenGiven}` counts as {Permits} requests (its window's RateLimit-Remaining drops by {Permits}).";
}

/// Writes an endpoint's RequestCost into its operation's description, from the same metadata the limiter reads.
public sealed class RequestCostDocs : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (context is AspNetCoreOperationProcessorContext aspNet
            && aspNet.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequestCost>().FirstOrDefault() is { } cost)
        {
            var operation = context.OperationDescription.Operation;
            operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? cost.Describe() : $"{operation.Description}\n\n{cost.Describe()}";
        }
        return true;
    }
}
