using FastEndpoints.Swagger;
using Newtonsoft.Json.Linq;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// An endpoint's one example (`s.ExampleRequest` in its Summary) is the whole request Swagger UI's "Try it out"
/// starts from: members named like a path or query parameter become that parameter's example (which Swagger UI
/// fills in), the rest is the JSON body's example. FastEndpoints.Swagger alone puts it only on bodies, and
/// drops members that match route members of the request class, so GETs and DELETEs could have none.
/// An `id` member also names an `{idOrSlug}` parameter: after PathShape's merge both are called `id`.
/// The examples run against the sample newsroom; OpenApiExamplesTests tries every one through the API.
public sealed class RequestExampleDocs : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (context.GetEndpointDefinition()?.EndpointSummary?.RequestExamples.FirstOrDefault()?.Value is not { } value)
            return true;
        var example = JObject.FromObject(value);
        var operation = context.OperationDescription.Operation;
        foreach (var parameter in operation.Parameters.Where(p => p.Kind is OpenApiParameterKind.Path or OpenApiParameterKind.Query))
        {
            var member = example.Property(parameter.Name, StringComparison.OrdinalIgnoreCase)
                ?? (parameter.Name == "idOrSlug" ? example.Property("id", StringComparison.Ordinal) : null);
            if (member is null)
                continue;
            parameter.Example = member.Value;
            member.Remove();
        }
        if (operation.RequestBody is not { } body)
            return true;
        foreach (var media in body.Content.Values)
        {
            media.Example = example;
            if (media.Schema?.ActualSchema is { } schema)
                schema.Example = null;
        }
        return true;
    }
}
