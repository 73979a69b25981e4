using ArticlesApi.Infrastructure.Http;
using NJsonSchema;
using NSwag;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// The answers every request can meet whatever its endpoint says (a bad key, a body too large, the
/// rate limit, an outage), the headers they carry, and one problem+json shape for every error. What an
/// endpoint declares (a conditional read or write, an idempotent POST) adds its own: DeclaredBehaviourDocs.
public static class CommonResponses
{
    public static void Apply(string method, OpenApiOperation operation, JsonSchema problem)
    {
        var takesBody = method is OpenApiOperationMethod.Post or OpenApiOperationMethod.Put;
        var needsKey = operation.Security?.Count > 0;

        // Any operation: a query parameter it does not define, or one given twice (QueryParameterMiddleware), is a 400;
        // every request can be rate limited (429) or meet a database outage or its own timeout (503).
        List<string> statuses = ["400", "401", "429", "503"];
        if (needsKey)
            statuses.Add("403");
        if (takesBody)
            statuses.AddRange(["408", "413", "415"]);
        foreach (var status in statuses)
            if (!operation.Responses.ContainsKey(status))
                operation.Responses[status] = new OpenApiResponse();

        foreach (var (status, response) in operation.Responses)
        {
            StatusDescriptions.Describe(status, response);
            if (status.StartsWith('4') || status.StartsWith('5'))
            {
                response.Content.Clear();
                response.Content[Problems.ContentType] = new OpenApiMediaType { Schema = new JsonSchema { Reference = problem } };
            }
            if (status is "204" or "304")
                response.Content.Clear();
            AddHeaders(status, response);
        }
        SortResponses(operation);
    }

    public static OpenApiHeader Header(string description) => new() { Description = description, Schema = new JsonSchema { Type = JsonObjectType.String } };

    public const string ETagDescription = "The version of this representation (a hash of it): send it back in If-None-Match to revalidate, "
        + "or in If-Match to change the resource safely.";

    static void AddHeaders(string status, OpenApiResponse response)
    {
        // Every successful JSON answer has an ETag (Representations).
        if (status is "200" or "201" && response.Content.Count > 0)
            response.Headers["ETag"] = Header(ETagDescription);
        if (status == "201")
            response.Headers["Location"] = Header("The URL of the new resource.");
        if (status == "401")
            response.Headers["WWW-Authenticate"] = Header("`Bearer`.");
        if (status is "429" or "503")
            response.Headers["Retry-After"] = Header("Seconds to wait before retrying.");
        if (status != "503")
        {
            response.Headers["RateLimit-Limit"] = Header("Requests allowed in the current window (when rate limiting is on).");
            response.Headers["RateLimit-Remaining"] = Header("Requests left in the current window.");
            response.Headers["RateLimit-Reset"] = Header("Seconds until the window resets.");
        }
    }

    static void SortResponses(OpenApiOperation operation)
    {
        var sorted = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in sorted)
            operation.Responses[status] = response;
    }
}
