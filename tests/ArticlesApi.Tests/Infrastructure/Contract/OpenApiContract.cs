using System.Net;
using System.Text.RegularExpressions;
using NJsonSchema;
using NSwag;

namespace ArticlesApi.Tests.Infrastructure.Contract;

/// The served OpenAPI document as a contract: an answer must have a status the document lists for its
/// operation, the documented media type, a body valid against the documented schema, and only
/// documented ETag/Link/Location/Content-Encoding headers (the body is checked decoded). Paths the document does not have may only answer 404 or 405 problems.
/// A HEAD is checked against the GET operation it stands for (`x-answers-head`): its status, media type
/// and headers, and no body at all.
public sealed partial class OpenApiContract
{
    readonly OpenApiDocument _document;
    readonly List<(Regex Pattern, string Template, OpenApiPathItem Item)> _paths;

    OpenApiContract(OpenApiDocument document)
    {
        _document = document;
        // Templates with more fixed segments first: /articles/{id}/publish before /articles/{idOrSlug}.
        _paths = document.Paths
            .OrderByDescending(p => p.Key.Split('/').Count(s => !s.StartsWith('{')))
            .Select(p => (new Regex("^" + Parameter().Replace(Regex.Escape(p.Key).Replace(@"\{", "{"), "[^/]+") + "/?$"), p.Key, p.Value))
            .ToList();
    }

    public static async Task<OpenApiContract> FromJsonAsync(string json) => new(await OpenApiDocument.FromJsonAsync(json));

    public JsonSchema ProblemSchema => _document.Components.Schemas["Problem"];

    /// What is wrong with this answer, by the document; empty when nothing is.
    public List<string> Check(HttpMethod method, string path, HttpResponseMessage response, string body)
    {
        var status = ((int)response.StatusCode).ToString();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var violations = new List<string>();
        var isHead = method == HttpMethod.Head;
        if (isHead && body.Length > 0)
            violations.Add($"HEAD {path} answered {status} with a body of {body.Length} bytes.");

        var operation = _paths
            .Where(p => p.Pattern.IsMatch(path))
            .Select(p => (p.Template, Operation: isHead ? HeadOf(p.Item) : p.Item.GetValueOrDefault(method.Method.ToLowerInvariant())))
            .FirstOrDefault(p => p.Operation is not null);
        if (operation.Operation is null)
        {
            // Not an operation of the document: only the framework's "no such URL / method" problems may answer.
            if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed))
                violations.Add($"{method} {path} is not in the document, yet answered {status}.");
            else if (isHead)
                CheckMediaType("application/problem+json", mediaType, violations);
            else
                CheckBody(ProblemSchema, "application/problem+json", mediaType, body, violations);
            return violations;
        }

        var where = $"{method} {operation.Template} ({operation.Operation.OperationId})";
        if (!operation.Operation.Responses.TryGetValue(status, out var documented))
        {
            violations.Add($"{where} answered {status}, which the document does not list (it lists {string.Join(", ", operation.Operation.Responses.Keys)}).");
            return violations;
        }
        documented = documented.ActualResponse;

        if (documented.Content.Count == 0)
        {
            if (body.Length > 0 && !isHead)
                violations.Add($"{where} {status}: the document says no body, the answer has {body.Length} bytes ({mediaType}).");
        }
        else if (mediaType is null || !documented.Content.TryGetValue(mediaType, out var media))
            violations.Add($"{where} {status}: media type '{mediaType}' is not one of the documented {string.Join(", ", documented.Content.Keys)}.");
        else if (!isHead && IsJson(mediaType))
            CheckBody(media.Schema, mediaType, mediaType, body, violations);

        foreach (var header in new[] { "ETag", "Link", "Location", "Content-Encoding" })
            if ((response.Headers.NonValidated.Contains(header) || response.Content.Headers.NonValidated.Contains(header))
                && !documented.Headers.Keys.Contains(header, StringComparer.OrdinalIgnoreCase))
                violations.Add($"{where} {status}: the answer has a {header} header the document does not describe.");
        return violations.Select(v => v.StartsWith(where, StringComparison.Ordinal) ? v : $"{where}: {v}").ToList();
    }

    /// The GET a HEAD stands for, when the document says that GET answers HEAD too.
    static OpenApiOperation? HeadOf(OpenApiPathItem item) =>
        item.GetValueOrDefault("get") is { } get && get.ExtensionData?.TryGetValue("x-answers-head", out var head) == true && head is true
            ? get
            : null;

    /// JSON bodies are checked against their schema; others (RSS, Atom, sitemaps: documented as strings) by their own
    /// validators (Features/Distribution).
    static bool IsJson(string mediaType) => mediaType is "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    static bool CheckMediaType(string expected, string? mediaType, List<string> violations)
    {
        if (mediaType == expected)
            return true;
        violations.Add($"media type '{mediaType}', expected '{expected}'.");
        return false;
    }

    static void CheckBody(JsonSchema schema, string expectedMediaType, string? mediaType, string body, List<string> violations)
    {
        if (!CheckMediaType(expectedMediaType, mediaType, violations))
            return;
        if (body.Length == 0)
        {
            violations.Add("empty body, the document describes one.");
            return;
        }
        ICollection<NJsonSchema.Validation.ValidationError> errors;
        try
        {
            errors = schema.ActualSchema.Validate(body, SchemaType.OpenApi3);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            violations.Add($"the body is not JSON ({e.Message}).");
            return;
        }
        foreach (var error in Flatten(errors))
            violations.Add($"body does not match the schema: {error.Kind} at '{error.Path}' (property '{error.Property}').");
    }

    static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => e is NJsonSchema.Validation.ChildSchemaValidationError child
            ? new[] { e }.Concat(Flatten(child.Errors.SelectMany(x => x.Value)))
            : [e]);

    [GeneratedRegex(@"\{[^}/]+\}")]
    private static partial Regex Parameter();
}
