using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Idempotency;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.OpenApi;

/// What each endpoint declares in its Configure() (ConditionalRead, ConditionalWrite, IdempotentPost) is
/// what its operation in the served document says, and no operation documents a request header that its
/// endpoint does not declare. The endpoints and their declarations come from the app's own endpoint data
/// source, the same metadata the pipeline reads: a new endpoint is covered without touching this class.
public sealed partial class DeclaredBehaviourDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    sealed record Declared(string Method, string Path, IReadOnlyList<HttpBehaviour> Behaviours);

    async Task<(JsonNode Document, List<Declared> Endpoints)> LoadAsync()
    {
        var json = await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, TestContext.Current.CancellationToken);
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Where(m => m != HttpMethods.Head)
                .Select(m => new Declared(m, DocumentPath(e.RoutePattern.RawText!), e.Metadata.GetOrderedMetadata<HttpBehaviour>())))
            .ToList();
        return (JsonNode.Parse(json)!, endpoints);
    }

    /// `api/v1/tags/{id:guid}` is `/api/v1/tags/{id}` in the document; `{idOrSlug}` shares its path item.
    static string DocumentPath(string template) =>
        "/" + RouteParameter().Replace(template.Trim('/'), "{$1}").Replace("{idOrSlug}", "{id}", StringComparison.Ordinal);

    static JsonNode Operation(JsonNode document, Declared endpoint) =>
        document["paths"]?[endpoint.Path]?[endpoint.Method.ToLowerInvariant()]
        ?? throw new ShouldAssertException($"{endpoint.Method} {endpoint.Path} is not in the document");

    static JsonObject? Header(JsonNode operation, string name) =>
        operation["parameters"]?.AsArray().Select(p => p!.AsObject())
            .SingleOrDefault(p => p["in"]!.GetValue<string>() == "header" && p["name"]!.GetValue<string>() == name);

    static bool Answers(JsonNode operation, string status) => operation["responses"]![status] is not null;

    [Fact]
    public async Task Every_Declared_Behaviour_Is_Documented_On_Its_Operation()
    {
        var (document, endpoints) = await LoadAsync();
        foreach (var endpoint in endpoints)
        {
            var operation = Operation(document, endpoint);
            var name = $"{endpoint.Method} {endpoint.Path}";
            foreach (var behaviour in endpoint.Behaviours)
            {
                switch (behaviour)
                {
                    case ConditionalRead read:
                        Header(operation, "If-None-Match").ShouldNotBeNull($"{name}: If-None-Match");
                        Answers(operation, "304").ShouldBeTrue($"{name}: 304");
                        operation["responses"]!["200"]!["headers"]!["Cache-Control"].ShouldNotBeNull($"{name}: Cache-Control");
                        (operation["responses"]!["200"]!["headers"]!["Link"] is not null).ShouldBe(read.Paged, $"{name}: Link");
                        break;
                    case ConditionalWrite write:
                        var ifMatch = Header(operation, "If-Match").ShouldNotBeNull($"{name}: If-Match");
                        var required = write.IfMatch == IfMatchRule.Required;
                        (ifMatch["required"]?.GetValue<bool>() ?? false).ShouldBe(required, $"{name}: If-Match required");
                        if (write.Note is not null)
                            ifMatch["description"]!.GetValue<string>().ShouldEndWith(write.Note, Case.Sensitive, $"{name}: If-Match note");
                        Answers(operation, "412").ShouldBeTrue($"{name}: 412");
                        Answers(operation, "428").ShouldBe(required, $"{name}: 428");
                        break;
                    case IdempotentPost:
                        Header(operation, IdempotencyMiddleware.HeaderName).ShouldNotBeNull($"{name}: Idempotency-Key");
                        Answers(operation, "409").ShouldBeTrue($"{name}: 409");
                        Answers(operation, "422").ShouldBeTrue($"{name}: 422");
                        break;
                    case OldSlugRedirect:
                        Answers(operation, "301").ShouldBeTrue($"{name}: 301");
                        operation["responses"]!["301"]!["headers"]!["Location"].ShouldNotBeNull($"{name}: Location");
                        break;
                }
            }
        }
        endpoints.ShouldContain(e => e.Behaviours.OfType<ConditionalWrite>().Any(w => w.IfMatch == IfMatchRule.Required));
        endpoints.ShouldContain(e => e.Behaviours.OfType<ConditionalWrite>().Any(w => w.IfMatch == IfMatchRule.Optional));
        endpoints.ShouldContain(e => e.Behaviours.OfType<IdempotentPost>().Any());
        endpoints.ShouldContain(e => e.Behaviours.OfType<ConditionalRead>().Any(r => r.Paged));
    }

    [Fact]
    public async Task No_Operation_Documents_A_Request_Header_Its_Endpoint_Does_Not_Declare()
    {
        var (document, endpoints) = await LoadAsync();
        foreach (var endpoint in endpoints)
        {
            var declared = endpoint.Behaviours.Select(b => b switch
            {
                ConditionalRead => "If-None-Match",
                ConditionalWrite => "If-Match",
                IdempotentPost => IdempotencyMiddleware.HeaderName,
                _ => null,
            }).OfType<string>();
            var documented = Operation(document, endpoint)["parameters"]?.AsArray()
                .Where(p => p!["in"]!.GetValue<string>() == "header")
                .Select(p => p!["name"]!.GetValue<string>()) ?? [];
            documented.ShouldBe(declared, ignoreOrder: true, $"{endpoint.Method} {endpoint.Path}");
        }
    }

    [Fact]
    public async Task Every_Limit_Parameter_Is_An_Integer_With_Its_Range_And_Default()
    {
        var (document, endpoints) = await LoadAsync();
        var limits = endpoints.Select(e => (Name: $"{e.Method} {e.Path}", Behaviours: e.Behaviours,
                Schema: Operation(document, e)["parameters"]?.AsArray()
                    .SingleOrDefault(p => p!["in"]!.GetValue<string>() == "query" && p["name"]!.GetValue<string>() == "limit")?["schema"]))
            .Where(l => l.Schema is not null).ToList();
        limits.Count.ShouldBeGreaterThan(10);
        foreach (var (name, behaviours, schema) in limits)
        {
            schema!["type"]!.GetValue<string>().ShouldBe("integer", name);
            schema["minimum"]!.GetValue<decimal>().ShouldBe(1, name);
            schema["default"].ShouldNotBeNull(name);
            if (behaviours.OfType<LimitRange>().SingleOrDefault() is { } range)
            {
                schema["maximum"]!.GetValue<decimal>().ShouldBe(range.Max, name);
                schema["default"]!.GetValue<int>().ShouldBe(range.Default, name);
            }
            else
                schema["maximum"].ShouldNotBeNull(name);
        }
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
