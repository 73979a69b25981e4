using ArticlesApi.Domain;
using NJsonSchema;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Features.Media;

/// The upload's body in the document: `multipart/form-data` with `file` as `format: binary`, so Swagger UI shows a file
/// picker and generated clients send a Blob. The upload binds its parts itself (UploadBinder), so the document's
/// generator sees no body of its own to describe.
public sealed class MediaUploadDocs : IDocumentProcessor
{
    public void Process(DocumentProcessorContext context)
    {
        if (!context.Document.Paths.TryGetValue("/api/v1/media", out var path) || !path.TryGetValue("post", out var operation))
            return;
        static JsonSchemaProperty Text(int maxLength, string description, bool required = false) => new()
        {
            Type = JsonObjectType.String, MaxLength = maxLength, MinLength = required ? 1 : null, Description = description,
            Pattern = required ? @"\S" : null,
        };
        var schema = new JsonSchema { Type = JsonObjectType.Object, AllowAdditionalProperties = false };
        schema.Properties["file"] = new JsonSchemaProperty
        {
            Type = JsonObjectType.String, Format = "binary",
            Description = "The image: JPEG, PNG, WebP, GIF or AVIF (decided from its bytes), at most Media:MaxBytes and Media:MaxPixels.",
        };
        schema.Properties["alt"] = Text(MediaItem.MaxAltLength, "Alternative text for readers who cannot see the image.", required: true);
        schema.Properties["caption"] = Text(MediaItem.MaxCaptionLength, "The caption printed with the image.");
        schema.Properties["credit"] = Text(MediaItem.MaxCreditLength, "Who made the picture, as it should be printed (e.g. `Photo: Ana Rossi / Agency`).");
        schema.Properties["license"] = Text(MediaItem.MaxLicenseLength, "Under what terms it may be used (e.g. `CC BY 4.0`).");
        schema.RequiredProperties.Add("file");
        schema.RequiredProperties.Add("alt");
        operation.RequestBody = new OpenApiRequestBody
        {
            IsRequired = true,
            Description = "`multipart/form-data`: the image as `file`, its text in `alt`, `caption`, `credit`, `license`. Each part at most once; any other part answers 400.",
            Content = { ["multipart/form-data"] = new OpenApiMediaType { Schema = schema } },
        };
    }
}
