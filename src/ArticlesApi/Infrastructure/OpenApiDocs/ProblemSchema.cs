using NJsonSchema;
using NSwag;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// One problem+json schema for every error (FastEndpoints' validation problems and the API's own).
public static class ProblemSchema
{
    public const string Name = "Problem";

    public static JsonSchema AddTo(OpenApiDocument document)
    {
        var schemas = document.Components.Schemas;
        var error = new JsonSchema
        {
            Type = JsonObjectType.Object,
            Description = "One reason a request was refused.",
            AllowAdditionalProperties = false,
            Properties =
            {
                ["name"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "The field or parameter (`body` for the body as a whole)." },
                ["reason"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "What is wrong with it." },
                ["code"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsNullableRaw = true },
                ["severity"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsNullableRaw = true },
            },
        };
        var problem = new JsonSchema
        {
            Type = JsonObjectType.Object,
            Description = "An RFC 9457 problem: every error answer of this API has this shape. Conflicts may add members (`slug`, and `errors` naming the field).",
            AllowAdditionalProperties = true,
            Properties =
            {
                ["type"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "A URI naming the kind of problem." },
                ["title"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "The HTTP status, in words." },
                ["status"] = new JsonSchemaProperty { Type = JsonObjectType.Integer, Format = "int32", IsRequired = true },
                ["detail"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "What went wrong, for people." },
                ["instance"] = new JsonSchemaProperty { Type = JsonObjectType.String, Description = "The path of the request." },
                ["traceId"] = new JsonSchemaProperty { Type = JsonObjectType.String, Description = "Quote it when reporting a problem." },
                ["errors"] = new JsonSchemaProperty
                {
                    Type = JsonObjectType.Array,
                    Description = "Validation problems (400): each invalid field or parameter and why.",
                    Item = new JsonSchema { Reference = error },
                },
            },
        };
        foreach (var name in schemas.Keys.Where(n => n.StartsWith("ProblemDetails", StringComparison.Ordinal) || n == "FastEndpoints.ProblemDetails").ToList())
            schemas.Remove(name);
        schemas[Name] = problem;
        schemas[Name + "Error"] = error;
        return problem;
    }
}
