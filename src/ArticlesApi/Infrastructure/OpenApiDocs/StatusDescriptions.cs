using NSwag;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// What each status means in this API, for responses whose endpoint gave no description of its own
/// (or only the generator's default word).
public static class StatusDescriptions
{
    static readonly Dictionary<string, string> Descriptions = new()
    {
        ["200"] = "OK.",
        ["201"] = "Created: `Location` names the new resource, `ETag` its version.",
        ["204"] = "Done; no content.",
        ["301"] = "Moved permanently: `Location` names the resource's current URL.",
        ["304"] = "Not modified: the representation still has the ETag given in If-None-Match.",
        ["400"] = "The request is invalid: `errors` names each offending field (or parameter) and the reason.",
        ["401"] = "No valid API key: the key is missing, malformed, unknown or revoked (a key that is sent must be valid, even on public reads).",
        ["403"] = "The API key is valid but its role (or the author it acts as) does not allow this.",
        ["404"] = "No such resource, or not one this caller may see (existence is not leaked).",
        ["408"] = "The request body arrived too slowly (below the server's minimum data rate) and was abandoned.",
        ["409"] = "Conflict: the slug is taken (`slug` names it), a tag name looks like an existing tag's (`errors` names `name`, "
            + "`slug` that tag), the resource is still referenced, or a request with the same "
            + "Idempotency-Key is still running (retry after `Retry-After` seconds).",
        ["410"] = "Gone: the article was taken down (a legal removal); editors and admins still read it.",
        ["412"] = "If-Match does not match the current ETag: someone changed the resource since you read it. Read it again and reapply your change.",
        ["413"] = "The request body is larger than 1 MiB.",
        ["415"] = "The body must be JSON, sent with `Content-Type: application/json`. A request sent without any body "
            + "(`Content-Length: 0`) answers 400 naming `body` instead: the body is required.",
        ["422"] = "This Idempotency-Key was already used with a different request, or its stored answer was damaged and cannot be replayed.",
        ["428"] = "If-Match is required: send the ETag of the representation you are changing.",
        ["429"] = "Too many requests from this key (or, without a verified key, this address), or this request costs more "
            + "than is left of the window: retry after `Retry-After` seconds.",
        ["503"] = "The database is unreachable or the request took too long: retry after `Retry-After` seconds "
            + "(POSTs with the same Idempotency-Key, so nothing is created twice).",
    };

    /// The words FastEndpoints and ASP.NET Core give a response when the endpoint says nothing.
    static readonly HashSet<string> GeneratorDefaults =
        ["Success", "Created", "No Content", "Unauthorized", "Forbidden", "Not Found", "Bad Request", "Not Modified"];

    public static void Describe(string status, OpenApiResponse response)
    {
        if (string.IsNullOrEmpty(response.Description) || GeneratorDefaults.Contains(response.Description))
            response.Description = Descriptions.GetValueOrDefault(status, response.Description ?? status);
    }
}
