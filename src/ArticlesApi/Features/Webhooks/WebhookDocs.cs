using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Features.Webhooks;

/// What a receiver gets, in the document: the body's schema (WebhookPayload, generated from the class the
/// dispatcher serializes) and an `x-webhooks` entry in the shape of OpenAPI 3.1's `webhooks` (the document is
/// 3.0, which has none), naming the headers and the answers the worker understands.
public sealed class WebhookDocs : IDocumentProcessor
{
    public void Process(DocumentProcessorContext context)
    {
        var schema = context.SchemaGenerator.Generate(typeof(WebhookPayload), context.SchemaResolver);
        var name = context.Document.Components.Schemas.First(s => ReferenceEquals(s.Value, schema) || s.Key == nameof(WebhookPayload)).Key;
        var header = (string description) => new Dictionary<string, object>
        {
            ["in"] = "header", ["required"] = true, ["description"] = description, ["schema"] = new Dictionary<string, object> { ["type"] = "string" },
        };
        context.Document.ExtensionData ??= new Dictionary<string, object?>();
        context.Document.ExtensionData["x-webhooks"] = new Dictionary<string, object>
        {
            ["contentChange"] = new Dictionary<string, object>
            {
                ["post"] = new Dictionary<string, object>
                {
                    ["operationId"] = "ContentChangeWebhook",
                    ["tags"] = new[] { "Webhooks" },
                    // Not an API key: the receiver checks the signature.
                    ["security"] = Array.Empty<object>(),
                    ["summary"] = "A content change, POSTed to each webhook subscribed to its type",
                    ["description"] = "Standard Webhooks (https://www.standardwebhooks.com): verify `webhook-signature` before trusting the body. "
                        + "It is `v1,` + base64(HMAC-SHA256(key, `{webhook-id}.{webhook-timestamp}.{body}`)), the key being the base64-decoded part "
                        + "of the secret after `whsec_`; several space-separated signatures may come, one matching is enough. Refuse timestamps more "
                        + "than 5 minutes away from your clock. Delivered at least once: de-duplicate by `webhook-id` (`msg_{sequence}`), order by "
                        + "`data.sequence` (deliveries may arrive out of order). Any 2xx answer within 10 s acknowledges it; anything else, a "
                        + "redirect included, is retried.",
                    ["parameters"] = new[]
                    {
                        header("The event's id, the same on every attempt: `msg_` + the change's sequence."),
                        header("Unix seconds when this attempt was signed."),
                        header("`v1,<base64 HMAC-SHA256>`."),
                    }.Select((h, i) => { h["name"] = new[] { "webhook-id", "webhook-timestamp", "webhook-signature" }[i]; return h; }).ToArray(),
                    ["requestBody"] = new Dictionary<string, object>
                    {
                        ["required"] = true,
                        ["content"] = new Dictionary<string, object>
                        {
                            ["application/json"] = new Dictionary<string, object>
                            {
                                ["schema"] = new Dictionary<string, object> { ["$ref"] = $"#/components/schemas/{name}" },
                            },
                        },
                    },
                    ["responses"] = new Dictionary<string, object>
                    {
                        ["2XX"] = new Dictionary<string, object> { ["description"] = "Received: not sent again." },
                        ["default"] = new Dictionary<string, object> { ["description"] = "Not received: retried with exponential backoff for 24 hours." },
                    },
                },
            },
        };
    }
}
