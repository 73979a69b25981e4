using System.Reflection;
using NJsonSchema;
using NSwag;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// `FeatureImageInput` is one of two forms (ArticleInputRules; 400 naming `featureImage` otherwise): an image
/// elsewhere (`FeatureImageByUrl`: `url` required, no `media`) or a media item (`FeatureImageByMedia`: `media`
/// required; a `url` sent with it must be that item's, as a read returns it). Split from the generated schema after
/// the validator's constraints are in it (ValidationRulesDocs), so both forms keep them; a generated client types
/// `featureImage` as the union of the two.
public static class FeatureImageSchemas
{
    public const string Input = "FeatureImageInput";
    public const string ByUrl = "FeatureImageByUrl";
    public const string ByMedia = "FeatureImageByMedia";

    static readonly MethodInfo ShallowCopy = typeof(object).GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!;

    public static void Apply(OpenApiDocument document)
    {
        if (!document.Components.Schemas.TryGetValue(Input, out var schema) || schema.Properties.Count == 0)
            return;

        var byUrl = Form(schema, "An image elsewhere: its absolute http(s) URL, and what to say of it.");
        byUrl.Properties["url"] = new JsonSchemaProperty
        {
            Type = JsonObjectType.String, Format = JsonFormatStrings.Uri, MinLength = 1,
            Description = "The picture's absolute http or https URL.",
        };
        byUrl.RequiredProperties.Add("url");
        // No `media` in this form (a read's `media: null` sent back is still accepted by the server): generated clients
        // then tell the forms apart by `media` alone.
        byUrl.Properties.Remove("media");

        var byMedia = Form(schema, "A media item of the library: its size, renditions and placeholder come from it, and its alt text, "
            + "caption and credit unless given here.");
        byMedia.Properties["media"] = new JsonSchemaProperty
        {
            Type = JsonObjectType.String, Format = "uuid",
            Description = "The id of a media item (GET /api/v1/media); 400 naming `featureImage.media` when there is none.",
        };
        byMedia.RequiredProperties.Add("media");
        byMedia.Properties["url"].Description = "Read-only: the item's URL as a read returns it may be sent back; any other URL answers 400 "
            + "naming `featureImage` (give `media` or `url`, not both).";

        document.Components.Schemas[ByUrl] = byUrl;
        document.Components.Schemas[ByMedia] = byMedia;
        schema.Properties.Clear();
        schema.RequiredProperties.Clear();
        schema.Type = JsonObjectType.None;
        schema.AllowAdditionalProperties = true;
        schema.Description = $"Either form, not both: {ByUrl} (`url`) or {ByMedia} (`media`). Neither, or a `url` that is not the "
            + "media item's, answers 400 naming `featureImage`.";
        schema.OneOf.Add(new JsonSchema { Reference = byUrl });
        schema.OneOf.Add(new JsonSchema { Reference = byMedia });
    }

    static JsonSchema Form(JsonSchema schema, string description)
    {
        var form = new JsonSchema { Type = JsonObjectType.Object, AllowAdditionalProperties = schema.AllowAdditionalProperties, Description = description };
        foreach (var (key, property) in schema.Properties)
            form.Properties[key] = (JsonSchemaProperty)ShallowCopy.Invoke(property, null)!;
        return form;
    }
}
