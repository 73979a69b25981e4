using ArticlesApi.Features.Articles;
using NJsonSchema;
using NJsonSchema.Generation.TypeMappers;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// An article's authors, tags and citation sources are written as an id or slug (a string) or as the summary
/// object reads embed, so that an article read can be sent back (Reference, TagReference and their converter).
public static class ReferenceSchemas
{
    public static IEnumerable<ITypeMapper> Mappers() =>
    [
        new ObjectTypeMapper(typeof(Reference), Schema(Domain.Slug.MaxLength, "An id (UUID) or slug, or the summary object reads embed "
            + "(`id` is used, else `slug`; the other members are read-only and ignored).", keyByName: false)),
        new ObjectTypeMapper(typeof(TagReference), Schema(100, "An id (UUID), slug or name, or the summary object reads embed "
            + "(`id` is used, else `slug`, else `name`; the other members are read-only and ignored).", keyByName: true)),
    ];

    static JsonSchema Schema(int maxLength, string description, bool keyByName)
    {
        var text = new JsonSchema { Type = JsonObjectType.String, MinLength = 1, MaxLength = maxLength };
        var summary = new JsonSchema { Type = JsonObjectType.Object, AllowAdditionalProperties = false };
        summary.Properties["id"] = new JsonSchemaProperty { Type = JsonObjectType.String, Format = "uuid" };
        summary.Properties["slug"] = new JsonSchemaProperty { Type = JsonObjectType.String };
        summary.Properties["name"] = new JsonSchemaProperty
        {
            Type = JsonObjectType.String, Description = keyByName ? "Used when neither `id` nor `slug` is given." : "Read-only, ignored.",
        };
        foreach (var readOnly in new[] { "avatarUrl", "kind", "url", "websiteUrl" })
            summary.Properties[readOnly] = new JsonSchemaProperty { Type = JsonObjectType.String, IsNullableRaw = true, Description = "Read-only, ignored." };
        var schema = new JsonSchema { Description = description };
        schema.OneOf.Add(text);
        schema.OneOf.Add(summary);
        return schema;
    }
}
