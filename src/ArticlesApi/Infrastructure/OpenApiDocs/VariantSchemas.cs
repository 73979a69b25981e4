using System.Reflection;
using System.Text.Json;
using NJsonSchema;
using NSwag;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// A nullable member of an answer that is never null while another member (an enum) holds one of `Values`:
/// `publishedAt` of a published or scheduled article. The answer's schema becomes a union of two variants told
/// apart by that member (VariantSchemas), so a generated client narrows it: after `status === "published"`,
/// `publishedAt` is a `string`.
[AttributeUsage(AttributeTargets.Property)]
public sealed class SetWhenAttribute(string discriminator, params object[] values) : Attribute
{
    public string Discriminator => discriminator;

    public object[] Values => values;

    /// The variant where the member is set (`Published` → `PublishedArticleSummary`), and its description.
    public required string Variant { get; init; }
    public required string VariantDescription { get; init; }

    /// The variant for the discriminator's other values, where the member may be null, and its description.
    public required string OtherVariant { get; init; }
    public required string OtherVariantDescription { get; init; }
}

/// Splits each answer schema with a `[SetWhen]` member into two flat variants (every member repeated, so each
/// reads on its own in Swagger UI and validates with `additionalProperties: false`) and makes the schema the
/// `oneOf` of both with an OpenAPI `discriminator`. References to the schema keep its name: `ArticleSummary` is
/// `PublishedArticleSummary | UnpublishedArticleSummary`. Runs last, on the final members.
public static class VariantSchemas
{
    static readonly MethodInfo ShallowCopy = typeof(object).GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!;

    public static void Apply(OpenApiDocument document)
    {
        foreach (var (name, schema) in document.Components.Schemas.ToList())
        {
            if (!OpenApiSchemaNames.Types.TryGetValue(name, out var type) || schema.Properties.Count == 0)
                continue;
            foreach (var member in type.GetProperties())
                if (member.GetCustomAttribute<SetWhenAttribute>() is { } rule)
                    Split(document, name, schema, JsonNamingPolicy.CamelCase.ConvertName(member.Name), rule);
        }
    }

    static void Split(OpenApiDocument document, string name, JsonSchema schema, string member, SetWhenAttribute rule)
    {
        var discriminator = JsonNamingPolicy.CamelCase.ConvertName(rule.Discriminator);
        var all = schema.Properties[discriminator].ActualSchema.Enumeration.Select(v => v!.ToString()!).ToList();
        var set = all.Where(v => rule.Values.Any(r => string.Equals(r.ToString(), v, StringComparison.OrdinalIgnoreCase))).ToList();
        if (set.Count != rule.Values.Length)
            throw new InvalidOperationException($"{name}.{member}: [SetWhen] names values that {discriminator} does not have.");

        var variant = Variant(schema, discriminator, set, rule.VariantDescription);
        variant.Properties[member].IsNullableRaw = null;
        var other = Variant(schema, discriminator, all.Except(set).ToList(), rule.OtherVariantDescription);
        document.Components.Schemas[rule.Variant + name] = variant;
        document.Components.Schemas[rule.OtherVariant + name] = other;

        // The schema others refer to becomes the union.
        schema.Properties.Clear();
        schema.RequiredProperties.Clear();
        schema.Type = JsonObjectType.None;
        schema.AllowAdditionalProperties = true;
        schema.Description = $"`{discriminator}` tells which: {string.Join(", ", set)} → {rule.Variant}{name} (`{member}` set); "
            + $"{string.Join(", ", all.Except(set))} → {rule.OtherVariant}{name}.";
        schema.OneOf.Add(new JsonSchema { Reference = variant });
        schema.OneOf.Add(new JsonSchema { Reference = other });
        schema.DiscriminatorObject = new OpenApiDiscriminator { PropertyName = discriminator };
        foreach (var value in all)
            schema.DiscriminatorObject.Mapping[value] = new JsonSchema { Reference = set.Contains(value) ? variant : other };
    }

    static JsonSchema Variant(JsonSchema schema, string discriminator, List<string> values, string description)
    {
        var variant = new JsonSchema
        {
            Type = JsonObjectType.Object,
            AllowAdditionalProperties = schema.AllowAdditionalProperties,
            Description = string.IsNullOrEmpty(schema.Description) ? description : $"{schema.Description} {description}",
        };
        foreach (var (key, property) in schema.Properties)
            variant.Properties[key] = (JsonSchemaProperty)ShallowCopy.Invoke(property, null)!;
        var status = new JsonSchemaProperty { Type = JsonObjectType.String, Description = schema.Properties[discriminator].Description };
        foreach (var value in values)
            status.Enumeration.Add(value);
        variant.Properties[discriminator] = status;
        foreach (var required in schema.RequiredProperties)
            variant.RequiredProperties.Add(required);
        return variant;
    }
}
