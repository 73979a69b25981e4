using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Root;

/// GET /api/v1: where things are, so a client can start from one URL (as GitHub's API root does).
sealed class Endpoint : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/");
        Definition.Declare(ConditionalRead.Public);
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "API index";
            s.Description = "Names the API and links to its resources, its OpenAPI document and its health checks.";
        });
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new Response
        {
            Name = "ArticlesApi",
            Version = "v1",
            Documentation = "/swagger",
            OpenApi = "/swagger/v1/swagger.json",
            Resources = new Dictionary<string, string>
            {
                ["articles"] = "/api/v1/articles",
                ["authors"] = "/api/v1/authors",
                ["tags"] = "/api/v1/tags",
                ["sources"] = "/api/v1/sources",
            },
            Health = "/health/ready",
        }, ct);
}

sealed class Response
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string Documentation { get; init; }
    public required string OpenApi { get; init; }
    public required Dictionary<string, string> Resources { get; init; }
    public required string Health { get; init; }
}
