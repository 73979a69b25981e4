using NJsonSchema;
using ArticlesApi.Infrastructure.Http;
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
            },
        };
        var problem = new JsonSchema
        {
            Type = JsonObjectType.Object,
            Description = "An RFC 9457 problem: every error answer of this API has this shape. Branch on `code` (or `type`, the same "
                + "kind as a URI); `title` is the kind in words, `detail` this occurrence.\n\n| code | status | when |\n|---|---|---|\n"
                + string.Concat(ProblemTypes.All.Select(t => $"| `{t.Code}` | {(t.Status == 0 ? "any other" : t.Status)} | {t.Description} |\n")),
            AllowAdditionalProperties = true,
            Properties =
            {
                ["type"] = Enum(ProblemTypes.All.Select(t => t.Uri), $"The kind of problem as a URI: `{ProblemType.Base}` and the `code`. An identifier, not fetched."),
                ["code"] = Enum(ProblemTypes.All.Select(t => t.Code), "The kind of problem: what a program branches on (the table above)."),
                ["title"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "The kind of problem, in words (the same for every problem of a kind)." },
                ["status"] = new JsonSchemaProperty { Type = JsonObjectType.Integer, Format = "int32", IsRequired = true },
                ["detail"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "What went wrong this time, for people." },
                ["instance"] = new JsonSchemaProperty { Type = JsonObjectType.String, Description = "The path of the request." },
                ["traceId"] = new JsonSchemaProperty { Type = JsonObjectType.String, Description = "Quote it when reporting a problem." },
                ["slug"] = new JsonSchemaProperty
                {
                    Type = JsonObjectType.String,
                    Description = "`slug-taken`: the slug that clashed; `look-alike-tag`: the slug of the existing tag to use instead.",
                },
                ["errors"] = new JsonSchemaProperty
                {
                    Type = JsonObjectType.Array,
                    Description = "`validation` (and `look-alike-tag`): each invalid field, parameter or header and why.",
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

    static JsonSchemaProperty Enum(IEnumerable<string> values, string description)
    {
        var property = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = description };
        foreach (var value in values)
            property.Enumeration.Add(value);
        return property;
    }
}
