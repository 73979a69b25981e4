using System.Reflection;
using NJsonSchema;
using NSwag;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// Create and Update of a resource take the same fields: their `Request` classes derive from one input
/// class (`Articles.Create.Request : ArticleInput`) and add only members that are not in the body (the
/// route's id, headers). Such a body is that input class, one schema named after it (`ArticleInput`),
/// not `ArticlesCreateRequest` and `ArticlesUpdateRequest` with the same members.
public static class InputSchemas
{
    public static JsonSchema BodySchema(JsonSchema schema, OpenApiDocument document)
    {
        var actual = schema.ActualSchema;
        var schemas = document.Components.Schemas;
        var name = schemas.FirstOrDefault(s => s.Value == actual).Key;
        if (name is null || !OpenApiSchemaNames.Types.TryGetValue(name, out var type) || InputClassOf(type, actual) is not { } input)
            return schema;

        var inputName = new OpenApiSchemaNames().Generate(input);
        if (!schemas.TryGetValue(inputName, out var existing))
        {
            schemas[inputName] = existing = actual;
            schemas.Remove(name);
        }
        return new JsonSchema { Reference = existing };
    }

    /// The base class whose members are all the body holds, if the request class derives from one.
    static Type? InputClassOf(Type request, JsonSchema body)
    {
        var input = request.BaseType;
        if (input is null || input == typeof(object) || body.Properties.Count == 0)
            return null;
        var members = input.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return body.Properties.Keys.All(members.Contains) ? input : null;
    }
}
