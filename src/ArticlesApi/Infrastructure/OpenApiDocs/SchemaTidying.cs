using NJsonSchema;
using NSwag;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// The generator's quirks, fixed once the operations are final: schemas left behind by request classes
/// whose members became parameters, nullability and required members as the C# declarations state them
/// (OpenApiSchemaNames), and FluentValidation collection rules that land on the array itself.
public static class SchemaTidying
{
    public static void Apply(OpenApiDocument document)
    {
        var used = UsedSchemas(document);
        foreach (var (name, _) in document.Components.Schemas.Where(s => !used.Contains(s.Value)).ToList())
            document.Components.Schemas.Remove(name);
        foreach (var (name, schema) in document.Components.Schemas)
        {
            Tidy(schema, []);
            foreach (var (property, _) in schema.Properties.Where(p => p.Value.IsRequired && OpenApiSchemaNames.IsOptional(name, p.Key)).ToList())
            {
                schema.RequiredProperties.Remove(property);
                schema.Properties[property].IsNullableRaw = true;
            }
            foreach (var (_, value) in schema.Properties.Where(p => OpenApiSchemaNames.IsAlwaysWritten(name, p.Key)))
                value.IsRequired = true;
            foreach (var (_, value) in schema.Properties.Where(p => OpenApiSchemaNames.IsRequired(name, p.Key)))
            {
                value.IsRequired = true;
                value.IsNullableRaw = null;
            }
            // Skipped when null, so never null: absent or a value (`body.html` when `formats` leaves it out).
            foreach (var (_, value) in schema.Properties.Where(p => OpenApiSchemaNames.IsOmittedWhenNull(name, p.Key)))
                value.IsNullableRaw = null;
        }
    }

    /// FluentValidation collection rules land on the array itself (minLength on an array, and `NotEmpty`
    /// on the items marking an optional list required); `nullable` beside `$ref` is ignored by OpenAPI 3.0 tools.
    static void Tidy(JsonSchema schema, HashSet<JsonSchema> seen)
    {
        if (!seen.Add(schema))
            return;
        if (schema.Format == "guid")
            schema.Format = "uuid";
        foreach (var (_, property) in schema.Properties)
        {
            if (property.Type.HasFlag(JsonObjectType.Array))
            {
                property.MinLength = null;
                property.MaxLength = null;
                if (property.IsNullableRaw == false && !property.IsRequired)
                    property.IsNullableRaw = null;
            }
            if (property.Format == "guid")
                property.Format = "uuid";
            // FluentValidation's maximum length is a length between 0 and the maximum: the 0 says nothing.
            if (property.MinLength == 0)
                property.MinLength = null;
            // `nullable` beside `$ref` (or a one-element oneOf without `type`): state the type and wrap the reference in allOf.
            if (property.OneOf.Count == 1 && property.OneOf.Single().HasReference)
            {
                var target = property.OneOf.Single();
                property.OneOf.Clear();
                property.AllOf.Add(target);
            }
            if (property.AllOf.Count == 1 && property.AllOf.Single().HasReference)
            {
                if (property.IsNullableRaw == true)
                    property.Type = property.AllOf.Single().ActualSchema.Type;
                else
                    property.IsNullableRaw = null;
            }
            if (property.HasReference)
                property.Example = null;
            if (property.HasReference && property.IsNullableRaw is not null)
            {
                if (property.IsNullableRaw == true)
                {
                    var target = property.Reference!;
                    property.Reference = null;
                    property.AllOf.Add(new JsonSchema { Reference = target });
                    property.Type = target.ActualSchema.Type;
                }
                else
                    property.IsNullableRaw = null;
            }
            Tidy(property, seen);
            if (property.Item is { } item)
                Tidy(item, seen);
        }
        foreach (var child in schema.AllOf.Concat(schema.OneOf).Concat(schema.AnyOf))
            Tidy(child, seen);
    }

    /// Schemas reachable from the operations.
    static HashSet<JsonSchema> UsedSchemas(OpenApiDocument document)
    {
        var used = new HashSet<JsonSchema>();
        var pending = new Stack<JsonSchema>();
        void Add(JsonSchema? schema)
        {
            if (schema is not null && used.Add(schema))
                pending.Push(schema);
        }
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Values))
        {
            foreach (var parameter in operation.Parameters.Where(p => p.Kind != OpenApiParameterKind.Body))
                Add(parameter.Schema);
            foreach (var media in operation.RequestBody?.Content.Values ?? [])
                Add(media.Schema);
            foreach (var response in operation.Responses.Values)
                foreach (var media in response.Content.Values)
                    Add(media.Schema);
        }
        while (pending.TryPop(out var schema))
        {
            if (schema.HasReference)
                Add(schema.Reference);
            Add(schema.Item);
            Add(schema.AdditionalPropertiesSchema);
            foreach (var child in schema.Properties.Values.Concat(schema.AllOf).Concat(schema.OneOf).Concat(schema.AnyOf))
                Add(child);
        }
        return used;
    }
}
