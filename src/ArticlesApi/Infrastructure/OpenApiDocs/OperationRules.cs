using NJsonSchema;
using NSwag;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// What every operation shares: readable operation ids, a tag, query parameters that are all optional,
/// JSON request bodies (none on GET and DELETE), and who may call it.
public static class OperationRules
{
    const string Security = Auth.ApiKeyAuthenticationHandler.SchemeName;

    public static void Apply(string method, OpenApiOperation operation, OpenApiDocument document)
    {
        operation.OperationId = operation.OperationId?.Replace("Endpoint", "", StringComparison.Ordinal);
        if (operation.Tags is null or { Count: 0 })
            operation.Tags = ["Index"];

        foreach (var query in operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query))
            TidyQuery(query);
        foreach (var parameter in operation.Parameters.Where(p => p.Schema?.Format == "guid"))
            parameter.Schema.Format = "uuid";

        if (method is OpenApiOperationMethod.Get or OpenApiOperationMethod.Delete)
        {
            operation.RequestBody = null;
            foreach (var parameter in operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Body).ToList())
                operation.Parameters.Remove(parameter);
        }
        if (operation.RequestBody is { } body)
        {
            if (string.IsNullOrEmpty(body.Description))
                body.Description = "JSON, with the member names that reads return; relations as ids or slugs. Unknown members answer 400.";
            // The endpoint's ExampleRequest, wherever the generator put it, goes with the JSON body.
            var example = body.Content.Values.Select(m => m.Example ?? m.Schema?.ActualSchema.Example).FirstOrDefault(e => e is not null);
            foreach (var key in body.Content.Keys.Where(k => k != "application/json").ToList())
                body.Content.Remove(key);
            foreach (var media in body.Content.Values)
            {
                media.Schema = InputSchemas.BodySchema(media.Schema, document);
                media.Example ??= example;
            }
        }
    }

    /// Every query parameter has a default; none is required. Paging parameters are typed by DeclaredBehaviourDocs.
    static void TidyQuery(OpenApiParameter query)
    {
        query.IsRequired = false;
        if (query.Schema is not { } schema)
            return;
        schema.IsNullableRaw = null;
        if (schema.Type.HasFlag(JsonObjectType.Boolean))
        {
            schema.Type = JsonObjectType.Boolean;
            schema.Format = null;
            schema.Default ??= false;
        }
    }

    /// The key: required where an endpoint has roles (which the description names), optional on public reads.
    public static void DescribeSecurity(OpenApiOperation operation)
    {
        var needsKey = operation.Security?.Count > 0;
        var roles = operation.Security?.SelectMany(r => r.Values.SelectMany(v => v)).Distinct().ToList() ?? [];
        operation.Security = needsKey
            ? [new OpenApiSecurityRequirement { [Security] = [] }]
            : [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [Security] = [] }];
        var who = needsKey
            ? $"**API key required**, role: {string.Join(", ", roles.Select(r => $"`{r}`"))}."
            : "Public: no API key needed (a key, when sent, must be valid; keys of staff may see more).";
        operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? who : $"{operation.Description}\n\n{who}";
    }
}
