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
    /// A comma-list query parameter each distinct value of which adds its Permits (`facets=tag,author` adds 2 × Permits):
    /// work the request asks for on top of the base. Declared as `new RequestCost(10, "q") { PerValue = new("facets", 3) }`.
    public ValueCost? PerValue { get; init; }

    public int For(HttpRequest request) =>
        (WhenGiven is null || !StringValues.IsNullOrEmpty(request.Query[WhenGiven]) ? Permits : 1) + (PerValue?.For(request) ?? 0);

    /// What this request costs: 1 unless its endpoint declares more.
    public static int Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RequestCost>()?.For(context.Request) ?? 1;

    public string Describe() => (WhenGiven is null
        ? $"Rate limit: each request counts as {Permits} requests."
        : $"Rate limit: a request with `{WhenGiven}` counts as {Permits} requests (its window's RateLimit-Remaining drops by {Permits}).")
        + (PerValue is { } per ? $" Each value of `{per.Parameter}` adds {per.Permits} more." : "");
}

/// Permits per distinct value of a comma-list query parameter (values repeated count once, as the endpoint reads them).
public sealed record ValueCost(string Parameter, int Permits)
{
    public int For(HttpRequest request) => Permits * request.Query[Parameter]
        .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Distinct(StringComparer.Ordinal).Count();
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
