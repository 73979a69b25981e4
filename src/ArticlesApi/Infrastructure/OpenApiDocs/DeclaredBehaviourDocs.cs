using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Idempotency;
using ArticlesApi.Infrastructure.Paging;
using NJsonSchema;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// What an endpoint declares in its Configure() (`Definition.Declare(...)`, see HttpBehaviour) is what
/// its operation documents: the same metadata the pipeline reads, so the document cannot say one thing
/// while the runtime does another. ConditionalRead: If-None-Match, 304, ETag, Cache-Control and Vary
/// (Paged: Link and the paging parameters; Public: Surrogate-Key and Cache-Tag). ConditionalWrite: If-Match, 412 (428 when required), 404.
/// IdempotentPost: Idempotency-Key, 409, 422, Idempotent-Replayed and Retry-After. OldSlugRedirect: 301 with
/// Location (and the read's Cache-Control and Vary). Every JSON 200/201:
/// Content-Encoding and `Vary: Accept-Encoding`, unless NoCompression.
public sealed class DeclaredBehaviourDocs : IOperationProcessor
{
    public const string IfNoneMatchDescription = "ETags of representations you hold: if one still matches, the answer is 304 without a body.";
    public const string OptionalIfMatchDescription = "Optional: the ETag you last read; when it is stale the answer is 412 and nothing changes.";

    const string SurrogateKeyDescription =
        "Space-separated keys of what this answer shows, for purging a CDN: `article-<id>`, `author-<id>`, `tag-<id>`, "
        + "`source-<id>` for each resource shown, `articles`/`authors`/`tags`/`sources` for a list of them, `article-counts` "
        + "when it shows published-article counts. At most 7,000 characters: beyond that, the most numerous kind is replaced "
        + "by its list key. Purge `<resource>-<id>` and `<resource>s` when a resource changes (plus `article-counts` for articles).";

    public bool Process(OperationProcessorContext context)
    {
        if (context is not AspNetCoreOperationProcessorContext aspNet)
            return true;
        var operation = context.OperationDescription.Operation;
        var behaviours = aspNet.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<HttpBehaviour>().ToList();
        var compressed = !behaviours.OfType<NoCompression>().Any();
        foreach (var behaviour in behaviours)
        {
            switch (behaviour)
            {
                case ConditionalRead read:
                    Document(operation, read, compressed);
                    break;
                case ConditionalWrite write:
                    Document(operation, write);
                    break;
                case IdempotentPost:
                    DocumentIdempotentPost(operation);
                    break;
                case OldSlugRedirect redirect:
                    Document(operation, redirect);
                    break;
                case LimitRange range:
                    Document(operation, range);
                    break;
            }
        }
        if (compressed)
            DocumentContentCodings(operation);
        return true;
    }

    /// ContentCodings: any JSON answer of 1 KB or more, in the coding Accept-Encoding asks for.
    static void DocumentContentCodings(OpenApiOperation operation)
    {
        foreach (var (status, response) in operation.Responses.Where(r => r.Key is "200" or "201" && r.Value.Content.Count > 0))
        {
            response.Headers["Content-Encoding"] = CommonResponses.Header(
                "`br` or `gzip` when Accept-Encoding asks for it and the answer is 1 KB or more; absent otherwise. "
                + "A compressed answer's ETag ends in `-br` or `-gzip` inside the quotes; any of them works in If-None-Match and If-Match.");
            if (!response.Headers.ContainsKey("Vary"))
                response.Headers["Vary"] = CommonResponses.Header("`Accept-Encoding`: answers differ by the coding asked for.");
        }
    }

    static void Document(OpenApiOperation operation, ConditionalRead read, bool compressed)
    {
        Header(operation, "If-None-Match", required: false, IfNoneMatchDescription);
        var cacheControl = CommonResponses.Header((read.Audience == ReadAudience.Public
            ? "`public, max-age=60` for anonymous reads and reader keys, `private, no-cache` for reads with another key."
            : "`private, no-cache`: answers that need a key are never kept by shared caches.")
            + (read.PrivateWith is { } query ? $" `private, no-store` with `?{query}=`." : ""));
        var vary = CommonResponses.Header(compressed
            ? "`Authorization, Accept-Encoding`: answers differ by key and by the coding asked for."
            : "`Authorization`: answers differ by key.");
        foreach (var status in new[] { "200", "304" })
        {
            var response = Response(operation, status);
            response.Headers["ETag"] = CommonResponses.Header(CommonResponses.ETagDescription);
            response.Headers["Cache-Control"] = cacheControl;
            response.Headers["Vary"] = vary;
            if (read.Audience == ReadAudience.Public)
            {
                response.Headers[SurrogateKeys.SurrogateKeyHeader] = CommonResponses.Header(SurrogateKeyDescription);
                response.Headers[SurrogateKeys.CacheTagHeader] = CommonResponses.Header(
                    "The same keys as Surrogate-Key, comma-separated (Cloudflare's form).");
            }
        }
        if (!read.Paged)
            return;
        Response(operation, "200").Headers["Link"] =
            CommonResponses.Header("`<url>; rel=\"next\"`: the next page, when there is one (the same URL as `meta.nextCursor` gives).");
        foreach (var parameter in operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query && p.Schema is not null))
        {
            if (string.Equals(parameter.Name, nameof(PageRequest.Limit), StringComparison.OrdinalIgnoreCase))
            {
                parameter.Schema.Type = JsonObjectType.Integer;
                parameter.Schema.Format = "int32";
                parameter.Schema.Minimum = 1;
                parameter.Schema.Maximum = PageRequest.MaxLimit;
                parameter.Schema.Default = PageRequest.DefaultLimit;
            }
            else if (string.Equals(parameter.Name, nameof(PageRequest.Total), StringComparison.OrdinalIgnoreCase))
            {
                parameter.Schema.Type = JsonObjectType.Boolean;
                parameter.Schema.Format = null;
                parameter.Schema.Default = false;
            }
        }
    }

    static void Document(OpenApiOperation operation, LimitRange range)
    {
        foreach (var parameter in operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query && p.Schema is not null
                     && string.Equals(p.Name, "limit", StringComparison.OrdinalIgnoreCase)))
        {
            parameter.Schema.Type = JsonObjectType.Integer;
            parameter.Schema.Format = "int32";
            parameter.Schema.Minimum = 1;
            parameter.Schema.Maximum = range.Max;
            parameter.Schema.Default = range.Default;
        }
    }

    static void Document(OpenApiOperation operation, ConditionalWrite write)
    {
        var required = write.IfMatch == IfMatchRule.Required;
        var description = required ? EndpointDocs.IfMatchDescription : OptionalIfMatchDescription;
        Header(operation, "If-Match", required, write.Note is null ? description : $"{description} {write.Note}");
        Response(operation, "404");
        Response(operation, "412");
        if (required)
            Response(operation, "428");
    }

    static void Document(OpenApiOperation operation, OldSlugRedirect redirect)
    {
        var resource = redirect.Resource.ToString().ToLowerInvariant();
        var response = Response(operation, "301");
        response.Description = $"An old slug of this {resource}: its slug has changed since. `Location` names it by its current slug; "
            + "clients that follow redirects (browsers, fetch) get the " + resource + " from there. A slug another resource has taken since "
            + "answers as that resource; an old slug of something the caller may not read answers 404, as an unknown slug does.";
        response.Headers["Location"] = CommonResponses.Header($"`/api/v1/{resource}s/{{currentSlug}}` with the request's query "
            + "(absolute under the API's public URL when one is configured).");
        response.Headers["Cache-Control"] = CommonResponses.Header(
            "As the read's: `public, max-age=60` for anonymous reads, `private, no-cache` for reads with a key.");
        response.Headers["Vary"] = CommonResponses.Header("`Authorization`: answers differ by key.");
    }

    static void DocumentIdempotentPost(OpenApiOperation operation)
    {
        Header(operation, IdempotencyMiddleware.HeaderName, required: false, EndpointDocs.IdempotencyKeyDescription
            + " Same key, other body: 422; same key while the first request still runs: 409.");
        foreach (var (status, response) in operation.Responses.Where(r => r.Key is "200" or "201"))
            response.Headers["Idempotent-Replayed"] =
                CommonResponses.Header("`true` when this is the stored answer to an earlier request with the same Idempotency-Key.");
        Response(operation, "409").Headers["Retry-After"] =
            CommonResponses.Header("Seconds to wait, when a request with the same Idempotency-Key is still running.");
        Response(operation, "422");
    }

    /// The header parameter of that name (as the request class declares it, RequestHeaderDocs) or a new one.
    static void Header(OpenApiOperation operation, string name, bool required, string description)
    {
        var header = operation.Parameters.FirstOrDefault(p => p.Kind == OpenApiParameterKind.Header
            && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (header is null)
            operation.Parameters.Add(header = new OpenApiParameter { Name = name, Kind = OpenApiParameterKind.Header });
        header.IsRequired = required;
        header.Description = description;
        header.Example = null;
        header.Schema = new JsonSchema { Type = JsonObjectType.String };
    }

    static OpenApiResponse Response(OpenApiOperation operation, string status) =>
        operation.Responses.TryGetValue(status, out var response) ? response : operation.Responses[status] = new OpenApiResponse();
}
