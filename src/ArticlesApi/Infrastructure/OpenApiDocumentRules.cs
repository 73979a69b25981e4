using System.Text.RegularExpressions;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Idempotency;
using NJsonSchema;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Infrastructure;

/// The parts of the document that are the same for every operation of a kind, stated once instead of
/// in 30 endpoints: the conditional and idempotency headers (with their real casing; FastEndpoints
/// camel-cases header names), the response headers, the statuses every request can meet (401 for a
/// bad key, 413/415 for bodies), one problem+json schema, security requirements, tags, and the
/// generator's quirks (empty request bodies, header properties in bodies, collection rules put on
/// arrays). Runs after FastEndpoints.Swagger has built the document.
public sealed partial class OpenApiDocumentRules : IDocumentProcessor
{
    public const string ProblemSchema = "Problem";
    const string Security = Auth.ApiKeyAuthenticationHandler.SchemeName;

    static readonly (string Name, string Description)[] Tags =
    [
        ("Articles", "News articles: Markdown bodies served as markdown, sanitized HTML and text; authors, tags and citations "
            + "embedded; full-text search in each article's language; an editorial workflow (draft, scheduled, published, trash)."),
        ("Authors", "The people who write. Public reads never show an author's email."),
        ("Tags", "Topics. An unknown tag name in an article's `tags` creates the tag; a name that looks like an existing tag's "
            + "(case, accents, spacing, look-alike letters of other scripts) is that tag. Without a key, only tags that a published "
            + "article carries are listed or found."),
        ("Sources", "Who claims are attributed to: news agencies, governments, intelligence services, media, organisations, "
            + "people, documents. Articles cite them with `citations`."),
        ("Keys", "API keys (admin only). The secret is shown once, when the key is created."),
        ("Index", "Where everything is: one URL a client can start from."),
    ];

    static readonly Dictionary<string, string> StatusDescriptions = new()
    {
        ["200"] = "OK.",
        ["201"] = "Created: `Location` names the new resource, `ETag` its version.",
        ["204"] = "Done; no content.",
        ["304"] = "Not modified: the representation still has the ETag given in If-None-Match.",
        ["400"] = "The request is invalid: `errors` names each offending field (or parameter) and the reason.",
        ["401"] = "No valid API key: the key is missing, malformed, unknown or revoked (a key that is sent must be valid, even on public reads).",
        ["403"] = "The API key is valid but its role (or the author it acts as) does not allow this.",
        ["404"] = "No such resource, or not one this caller may see (existence is not leaked).",
        ["408"] = "The request body arrived too slowly (below the server's minimum data rate) and was abandoned.",
        ["409"] = "Conflict: the slug is taken (`slug` names it), a tag name looks like an existing tag's (`errors` names `name`, "
            + "`slug` that tag), the resource is still referenced, or a request with the same "
            + "Idempotency-Key is still running (retry after `Retry-After` seconds).",
        ["412"] = "If-Match does not match the current ETag: someone changed the resource since you read it. Read it again and reapply your change.",
        ["413"] = "The request body is larger than 1 MiB.",
        ["415"] = "The body must be JSON, sent with `Content-Type: application/json`.",
        ["422"] = "This Idempotency-Key was already used with a different request, or its stored answer was damaged and cannot be replayed.",
        ["428"] = "If-Match is required: send the ETag of the representation you are changing.",
        ["429"] = "Too many requests from this key (or, without a verified key, this address), or this request costs more "
            + "than is left of the window: retry after `Retry-After` seconds.",
        ["503"] = "The database is unreachable or the request took too long: retry after `Retry-After` seconds "
            + "(POSTs with the same Idempotency-Key, so nothing is created twice).",
    };

    public void Process(DocumentProcessorContext context)
    {
        var document = context.Document;
        document.Tags = Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }).ToList();
        var problem = ProblemSchemaOf(document);

        HeadAsGetExtension(document);
        MergeIdOrSlugPaths(document);
        foreach (var (path, item) in document.Paths)
            foreach (var (method, operation) in item)
                Process(path, method, operation, problem, document);

        // The schemas that bound request classes leave behind once their members are parameters.
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
            foreach (var (property, value) in schema.Properties.Where(p => OpenApiSchemaNames.IsAlwaysWritten(name, p.Key)))
                value.IsRequired = true;
            foreach (var (property, value) in schema.Properties.Where(p => OpenApiSchemaNames.IsRequired(name, p.Key)))
            {
                value.IsRequired = true;
                value.IsNullableRaw = null;
            }
        }
    }

    static void Process(string path, string method, OpenApiOperation operation, JsonSchema problem, OpenApiDocument document)
    {
        var isGet = method == OpenApiOperationMethod.Get;
        var isPost = method == OpenApiOperationMethod.Post;
        var isAction = isPost && ActionPath().IsMatch(path);
        var isCreate = isPost && !isAction;
        var hasBody = method is OpenApiOperationMethod.Post or OpenApiOperationMethod.Put && operation.RequestBody is not null;
        var isList = isGet && !path.Contains('{') && path != "/api/v1";
        var needsKey = operation.Security?.Count > 0;

        operation.OperationId = operation.OperationId?.Replace("Endpoint", "", StringComparison.Ordinal);
        if (operation.Tags is null or { Count: 0 })
            operation.Tags = ["Index"];

        // Headers: FastEndpoints camel-cases their names; these are the real ones, with what they do.
        foreach (var header in operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Header).ToList())
            operation.Parameters.Remove(header);
        foreach (var query in operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query))
            TidyQuery(query);
        foreach (var parameter in operation.Parameters.Where(p => p.Schema?.Format == "guid"))
            parameter.Schema.Format = "uuid";
        if (isGet)
            operation.Parameters.Add(Header("If-None-Match", false,
                "ETags of representations you hold: if one still matches, the answer is 304 without a body."));
        if (method is OpenApiOperationMethod.Put || (method is OpenApiOperationMethod.Delete && !path.StartsWith("/api/v1/keys", StringComparison.Ordinal)))
            operation.Parameters.Add(Header("If-Match", true, path.StartsWith("/api/v1/articles", StringComparison.Ordinal) && method == OpenApiOperationMethod.Delete
                ? EndpointDocs.IfMatchDescription + " An article in the trash (which reads do not show) takes `*`."
                : EndpointDocs.IfMatchDescription));
        if (isAction)
            operation.Parameters.Add(Header("If-Match", false, "Optional: the ETag you last read; when it is stale the answer is 412 and nothing changes."));
        if (isPost)
            operation.Parameters.Add(Header(IdempotencyMiddleware.HeaderName, false, EndpointDocs.IdempotencyKeyDescription
                + " Same key, other body: 422; same key while the first request still runs: 409."));

        // Bodies: none on GET and DELETE; a request class that adds header members to an input class is that input class.
        if (method is OpenApiOperationMethod.Get or OpenApiOperationMethod.Delete)
        {
            operation.RequestBody = null;
            foreach (var parameter in operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Body).ToList())
                operation.Parameters.Remove(parameter);
        }
        if (operation.RequestBody is { } body)
        {
            if (string.IsNullOrEmpty(body.Description))
                body.Description = "JSON, with the member names that reads return; relations as ids or slugs. Unknown members answer 400.";
            // The endpoint's ExampleRequest, wherever the generator put it, goes with the JSON body.
            var example = body.Content.Values.Select(m => m.Example ?? m.Schema?.ActualSchema.Example).FirstOrDefault(e => e is not null);
            foreach (var key in body.Content.Keys.Where(k => k != "application/json").ToList())
                body.Content.Remove(key);
            foreach (var media in body.Content.Values)
            {
                media.Schema = BodySchema(media.Schema, document);
                media.Example ??= example;
            }
        }

        if (isAction && path.EndsWith("/publish", StringComparison.Ordinal))
            operation.RequestBody = new OpenApiRequestBody
            {
                IsRequired = false,
                Description = "Optional: when to publish.",
                Content = { ["application/json"] = new OpenApiMediaType { Schema = new JsonSchema { Reference = PublishInput(document) } } },
            };

        // Statuses that every request of a kind can meet, whatever its endpoint says.
        var statuses = new List<string>();
        if (isGet)
            statuses.Add("304");
        statuses.Add("401");
        if (needsKey)
            statuses.Add("403");
        if (hasBody || isPost)
            statuses.AddRange(["400", "408", "413", "415"]);
        if (isPost)
            statuses.AddRange(["409", "422"]);
        // Any operation: a query parameter it does not define, or one given twice (QueryParameterMiddleware).
        statuses.Add("400");
        if (method is OpenApiOperationMethod.Put or OpenApiOperationMethod.Delete || isAction)
            statuses.Add("404");
        // Every request can be rate limited (429) or meet a database outage or its own timeout (503).
        statuses.AddRange(["429", "503"]);
        foreach (var status in statuses.Distinct())
            if (!operation.Responses.ContainsKey(status))
                operation.Responses[status] = new OpenApiResponse();

        foreach (var (status, response) in operation.Responses)
        {
            if (string.IsNullOrEmpty(response.Description) || response.Description is "Success" or "Created" or "No Content" or "Unauthorized"
                    or "Forbidden" or "Not Found" or "Bad Request" or "Not Modified")
                response.Description = StatusDescriptions.GetValueOrDefault(status, response.Description ?? status);
            if (status.StartsWith('4') || status.StartsWith('5'))
            {
                response.Content.Clear();
                response.Content[Problems.ContentType] = new OpenApiMediaType { Schema = new JsonSchema { Reference = problem } };
            }
            if (status is "204" or "304")
                response.Content.Clear();
            AddResponseHeaders(status, response, isGet, isList, isPost);
        }
        SortResponses(operation);

        // The key: required where an endpoint has roles (which the description names), optional on public reads.
        var roles = operation.Security?.SelectMany(r => r.Values.SelectMany(v => v)).Distinct().ToList() ?? [];
        operation.Security = needsKey
            ? [new OpenApiSecurityRequirement { [Security] = [] }]
            : [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [Security] = [] }];
        var who = needsKey
            ? $"**API key required**, role: {string.Join(", ", roles.Select(r => $"`{r}`"))}."
            : "Public: no API key needed (a key, when sent, must be valid; keys of staff may see more).";
        operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? who : $"{operation.Description}\n\n{who}";
    }

    public const string AnswersHead = "x-answers-head";

    /// Every GET also answers HEAD (HeadRequests): the same status and headers without a body. A copy of
    /// every GET operation would double what Swagger UI lists and say nothing new, so each GET the router
    /// also serves as HEAD says so with `x-answers-head: true` instead (the info description explains it;
    /// GitHub's and Stripe's descriptions leave HEAD out altogether).
    static void HeadAsGetExtension(OpenApiDocument document)
    {
        foreach (var item in document.Paths.Values)
            if (item.Remove(OpenApiOperationMethod.Head) && item.TryGetValue(OpenApiOperationMethod.Get, out var get))
                (get.ExtensionData ??= new Dictionary<string, object?>())[AnswersHead] = true;
    }

    /// `GET /tags/{idOrSlug}` and `PUT /tags/{id}` are one path to OpenAPI (two templates that differ
    /// only by a parameter name are not allowed): one path item `/tags/{id}` whose GET takes a slug too.
    static void MergeIdOrSlugPaths(OpenApiDocument document)
    {
        foreach (var path in document.Paths.Keys.Where(p => p.Contains("{idOrSlug}", StringComparison.Ordinal)).ToList())
        {
            var target = path.Replace("{idOrSlug}", "{id}", StringComparison.Ordinal);
            if (!document.Paths.TryGetValue(target, out var item))
                continue;
            foreach (var (method, operation) in document.Paths[path])
            {
                foreach (var parameter in operation.Parameters.Where(p => p is { Kind: OpenApiParameterKind.Path, Name: "idOrSlug" }))
                {
                    parameter.Name = "id";
                    parameter.Description = "The id (UUID) or the slug.";
                }
                item[method] = operation;
            }
            document.Paths.Remove(path);
        }
    }

    static OpenApiParameter Header(string name, bool required, string description) => new()
    {
        Name = name,
        Kind = OpenApiParameterKind.Header,
        IsRequired = required,
        Description = description,
        Schema = new JsonSchema { Type = JsonObjectType.String },
    };

    static void TidyQuery(OpenApiParameter query)
    {
        // Every query parameter has a default; none is required.
        query.IsRequired = false;
        var schema = query.Schema;
        if (schema is null)
            return;
        schema.IsNullableRaw = null;
        switch (query.Name)
        {
            case "limit":
                schema.Type = JsonObjectType.Integer;
                schema.Format = "int32";
                schema.Minimum = 1;
                schema.Maximum = 100;
                schema.Default = 20;
                break;
            case "total":
            case "permanent":
                schema.Type = JsonObjectType.Boolean;
                schema.Format = null;
                schema.Default = false;
                break;
        }
    }

    static void AddResponseHeaders(string status, OpenApiResponse response, bool isGet, bool isList, bool isPost)
    {
        static OpenApiHeader H(string description) => new() { Description = description, Schema = new JsonSchema { Type = JsonObjectType.String } };

        if (status is "200" or "201" or "304" && (isGet || response.Content.Count > 0))
            response.Headers["ETag"] = H("The version of this representation (a hash of it): send it back in If-None-Match to revalidate, "
                + "or in If-Match to change the resource safely.");
        if (status == "201")
            response.Headers["Location"] = H("The URL of the new resource.");
        if (isList && status == "200")
            response.Headers["Link"] = H("`<url>; rel=\"next\"`: the next page, when there is one (the same URL as `meta.nextCursor` gives).");
        if (isGet && status is "200" or "304")
        {
            response.Headers["Cache-Control"] = H("`public, max-age=60` for anonymous reads, `private, no-cache` for reads with a key.");
            response.Headers["Vary"] = H("`Authorization`: answers differ by key.");
        }
        if (isPost && status is "200" or "201")
            response.Headers["Idempotent-Replayed"] = H("`true` when this is the stored answer to an earlier request with the same Idempotency-Key.");
        if (isPost && status == "409")
            response.Headers["Retry-After"] = H("Seconds to wait, when a request with the same Idempotency-Key is still running.");
        if (status == "401")
            response.Headers["WWW-Authenticate"] = H("`Bearer`.");
        if (status is "429" or "503")
            response.Headers["Retry-After"] = H("Seconds to wait before retrying.");
        if (status != "503")
        {
            response.Headers["RateLimit-Limit"] = H("Requests allowed in the current window (when rate limiting is on).");
            response.Headers["RateLimit-Remaining"] = H("Requests left in the current window.");
            response.Headers["RateLimit-Reset"] = H("Seconds until the window resets.");
        }
    }

    static readonly string[] StatusOrder = ["200", "201", "204", "304"];

    static void SortResponses(OpenApiOperation operation)
    {
        var sorted = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in sorted)
            operation.Responses[status] = response;
    }

    /// One problem+json schema for every error (FastEndpoints' validation problems and the API's own).
    static JsonSchema ProblemSchemaOf(OpenApiDocument document)
    {
        var schemas = document.Components.Schemas;
        var error = new JsonSchema
        {
            Type = JsonObjectType.Object,
            Description = "One reason a request was refused.",
            AllowAdditionalProperties = false,
            Properties =
            {
                ["name"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "The field or parameter (`body` for the body as a whole)." },
                ["reason"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "What is wrong with it." },
                ["code"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsNullableRaw = true },
                ["severity"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsNullableRaw = true },
            },
        };
        var problem = new JsonSchema
        {
            Type = JsonObjectType.Object,
            Description = "An RFC 9457 problem: every error answer of this API has this shape. Conflicts may add members (`slug`, and `errors` naming the field).",
            AllowAdditionalProperties = true,
            Properties =
            {
                ["type"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "A URI naming the kind of problem." },
                ["title"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "The HTTP status, in words." },
                ["status"] = new JsonSchemaProperty { Type = JsonObjectType.Integer, Format = "int32", IsRequired = true },
                ["detail"] = new JsonSchemaProperty { Type = JsonObjectType.String, IsRequired = true, Description = "What went wrong, for people." },
                ["instance"] = new JsonSchemaProperty { Type = JsonObjectType.String, Description = "The path of the request." },
                ["traceId"] = new JsonSchemaProperty { Type = JsonObjectType.String, Description = "Quote it when reporting a problem." },
                ["errors"] = new JsonSchemaProperty
                {
                    Type = JsonObjectType.Array,
                    Description = "Validation problems (400): each invalid field or parameter and why.",
                    Item = new JsonSchema { Reference = error },
                },
            },
        };
        foreach (var name in schemas.Keys.Where(n => n.StartsWith("ProblemDetails", StringComparison.Ordinal) || n == "FastEndpoints.ProblemDetails").ToList())
            schemas.Remove(name);
        schemas[ProblemSchema] = problem;
        schemas[ProblemSchema + "Error"] = error;
        return problem;
    }

    static JsonSchema PublishInput(OpenApiDocument document)
    {
        if (document.Components.Schemas.TryGetValue("PublishInput", out var existing))
            return existing;
        return document.Components.Schemas["PublishInput"] = new JsonSchema
        {
            Type = JsonObjectType.Object,
            AllowAdditionalProperties = false,
            Properties =
            {
                ["publishAt"] = new JsonSchemaProperty
                {
                    Type = JsonObjectType.String, Format = "date-time", IsNullableRaw = true,
                    Description = "In the future: the article is scheduled and appears by itself at that time. Now or past: published "
                        + "with that date. Not given: published now, or at its earlier publishedAt if it had one.",
                },
            },
        };
    }

    /// `Request` classes that only add header members to an input class become that input class.
    static JsonSchema BodySchema(JsonSchema schema, OpenApiDocument document)
    {
        var actual = schema.ActualSchema;
        // Create and Update take the same fields: one schema, named after the resource (`ArticleInput`).
        var schemas = document.Components.Schemas;
        var name = schemas.FirstOrDefault(s => s.Value == actual).Key;
        if (name is not null && InputRequest().Match(name) is { Success: true } m)
        {
            var input = m.Groups[1].Value + "Input";
            if (!schemas.TryGetValue(input, out var existing))
            {
                schemas[input] = existing = actual;
                schemas.Remove(name);
                if (OpenApiSchemaNames.Types.TryGetValue(name, out var type))
                    OpenApiSchemaNames.Types[input] = type;
            }
            actual = existing;
            schema = new JsonSchema { Reference = existing };
        }
        foreach (var member in new[] { "ifMatch", "idempotencyKey", "id" })
            actual.Properties.Remove(member);
        return schema;
    }

    /// Generator quirks: FluentValidation collection rules land on the array itself (minLength on an
    /// array, and `NotEmpty` on the items marking an optional list required).
    static void Tidy(JsonSchema schema, HashSet<JsonSchema> seen)
    {
        if (!seen.Add(schema))
            return;
        if (schema.Format == "guid")
            schema.Format = "uuid";
        foreach (var (name, property) in schema.Properties)
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
            // `nullable` beside `$ref` (or a one-element oneOf without `type`) is ignored by OpenAPI 3.0
            // tools: state the type and wrap the reference in allOf.
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

    [GeneratedRegex(@"^(Article|Author|Tag|Source)s(?:Create|Update)Request$")]
    private static partial Regex InputRequest();

    [GeneratedRegex(@"/(publish|unpublish|restore)$")]
    private static partial Regex ActionPath();
}
