using Namotion.Reflection;
using NJsonSchema;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// An endpoint that clears its default Accepts (`b.ClearDefaultAccepts()`) can be called without a body
/// or Content-Type; FastEndpoints.Swagger then leaves its body out of the document altogether. When its
/// request class still has body members (`Articles.Publish.Request.PublishAt`), the body is optional:
/// generated here from that class, with the members the body really holds. The class's `[Description]`
/// says what the body is for.
public sealed class OptionalBodyDocs : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        var operation = context.OperationDescription.Operation;
        if (operation.RequestBody is not null || context.OperationDescription.Method is not (OpenApiOperationMethod.Post or OpenApiOperationMethod.Put)
            || RequestMembers.RequestType(context) is not { } request)
            return true;
        var members = RequestMembers.BodyMembers(request, operation).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (members.Count == 0)
            return true;

        var schema = context.SchemaGenerator.GenerateWithReferenceAndNullability<JsonSchema>(request.ToContextualType(), false, context.SchemaResolver);
        var actual = schema.ActualSchema;
        foreach (var name in actual.Properties.Keys.Where(k => !members.Contains(k)).ToList())
        {
            actual.Properties.Remove(name);
            actual.RequiredProperties.Remove(name);
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            IsRequired = false,
            Description = string.IsNullOrEmpty(actual.Description) ? "Optional." : $"Optional: {char.ToLowerInvariant(actual.Description[0])}{actual.Description[1..]}",
            Content = { ["application/json"] = new OpenApiMediaType { Schema = schema } },
        };
        return true;
    }
}
