namespace ArticlesApi.Infrastructure.Http;

/// One kind of problem: the `type` URI and the short `code` a client branches on, the status it answers
/// with, its title (the same for every problem of the kind, as RFC 9457 asks) and when it happens.
public sealed record ProblemType(string Code, int Status, string Title, string Description)
{
    /// Identifiers, the same on every installation so a client can compare them to constants; they are not
    /// fetched (RFC 9457 §3.1.1: consumers should not dereference `type`). README lists them.
    public const string Base = "https://articles-api.dev/problems/";

    public string Uri => Base + Code;
}

/// Every kind of problem the API answers (README "Errors"; the `Problem` schema's `type` and `code` enums).
public static class ProblemTypes
{
    public static readonly ProblemType Validation = new("validation", 400, "Invalid request",
        "A field, parameter or header is invalid, or the body is not valid JSON: `errors` names each and why. Fix the request; sent again as it is, it fails again.");
    public static readonly ProblemType UnreadableBody = new("unreadable-body", 400, "Unreadable request body",
        "The body ended early or was not valid HTTP.");
    public static readonly ProblemType Unauthorized = new("unauthorized", 401, "API key missing or invalid",
        "The action needs an API key (`Authorization: Bearer <key>`), or the key sent is unknown, revoked or malformed.");
    public static readonly ProblemType Forbidden = new("forbidden", 403, "Not allowed",
        "The key is valid, but its role (or the author it acts as) does not allow this action.");
    public static readonly ProblemType NotFound = new("not-found", 404, "Not found",
        "No resource with this id or slug that the caller may see, or nothing at this URL.");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed",
        "This URL does not answer this HTTP method.");
    public static readonly ProblemType RequestTimeout = new("request-timeout", 408, "Request body too slow",
        "The body arrived too slowly and was abandoned. Send the whole body without pauses.");
    public static readonly ProblemType SlugTaken = new("slug-taken", 409, "Slug taken",
        "Another resource of this kind has this slug; `slug` is the slug that clashed. Choose another slug.");
    public static readonly ProblemType LookAlikeTag = new("look-alike-tag", 409, "Tag name looks like another tag's",
        "The name reads like an existing tag's (case, accents, spacing, look-alike letters); `slug` is that tag's slug and `errors` names `name`. Use that tag, or a name that reads differently.");
    public static readonly ProblemType TranslationLanguageTaken = new("translation-language-taken", 409, "Language already in the translation group",
        "The translation group already has an article in this language (one per language); `slug` is that article's slug when known, `errors` names `language` and `translationOf`. Change the language, or take that article out of the group.");
    public static readonly ProblemType StillReferenced = new("still-referenced", 409, "Still referenced",
        "The resource is still used (an author by articles or keys, a source by citations) and cannot be deleted yet.");
    public static readonly ProblemType WriteConflict = new("write-conflict", 409, "Changed meanwhile",
        "A concurrent write deleted something this write refers to, or created a look-alike tag at the same time. Read again and retry.");
    public static readonly ProblemType IdempotencyInProgress = new("idempotency-in-progress", 409, "Request with this key in progress",
        "A request with the same Idempotency-Key is still being processed. Retry later (see Retry-After) to get its answer.");
    public static readonly ProblemType TakenDown = new("taken-down", 409, "Article taken down",
        "The article was taken down: it cannot be published, unpublished, edited, corrected or restored to a revision. Only an admin's POST /articles/{id}/restore brings it back.");
    public static readonly ProblemType NotPublished = new("not-published", 409, "Article never published",
        "Corrections are appended to what readers have seen: this article is a draft, or scheduled and not yet public. Edit it instead.");
    public static readonly ProblemType RevisionReferencesDeleted = new("revision-references-deleted", 409, "Revision refers to deleted resources",
        "The revision names authors, tags or citation sources deleted since; `errors` names each. Nothing was written: restore another revision, or edit the article.");
    public static readonly ProblemType Gone = new("gone", 410, "Gone",
        "The article was taken down (a legal removal) and is no longer available.");
    public static readonly ProblemType PreconditionFailed = new("precondition-failed", 412, "Precondition failed",
        "If-Match does not match the current ETag: the resource changed since it was read. Read it again and reapply the change.");
    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "Request body too large",
        "The request body is larger than the API accepts.");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported media type",
        "Send the body as JSON with `Content-Type: application/json`.");
    public static readonly ProblemType UnsupportedImageType = new("unsupported-image-type", 415, "Unsupported image type",
        "The uploaded `file` is not a JPEG, PNG, WebP, GIF or AVIF image, judged from its bytes whatever its name or declared type (SVG included). Upload one of those.");
    public static readonly ProblemType UnprocessableImage = new("unprocessable-image", 422, "Image cannot be processed",
        "The uploaded `file` is truncated or corrupt, or declares more pixels than the API accepts (`errors` names `file` and why). Nothing was stored.");
    public static readonly ProblemType IdempotencyKeyReused = new("idempotency-key-reused", 422, "Idempotency-Key reused",
        "The Idempotency-Key was already used for a different request. Use a new key for a new request.");
    public static readonly ProblemType IdempotencyAnswerLost = new("idempotency-answer-lost", 422, "Stored answer unreadable",
        "The first request with this Idempotency-Key was processed, but its stored answer cannot be read back. Check its result before sending it again with a new key.");
    public static readonly ProblemType PreconditionRequired = new("precondition-required", 428, "Precondition required",
        "The request must be conditional: send If-Match with the ETag of the representation being changed.");
    public static readonly ProblemType RateLimited = new("rate-limited", 429, "Too many requests",
        "This client has used its requests for the current window. Retry after Retry-After seconds.");
    public static readonly ProblemType InternalError = new("internal-error", 500, "Internal error",
        "The server failed to answer; the failure is logged under `traceId`.");
    public static readonly ProblemType DatabaseUnavailable = new("database-unavailable", 503, "Database unavailable",
        "The database cannot be reached at the moment. Retry after Retry-After seconds; retry a POST with the same Idempotency-Key.");
    public static readonly ProblemType StorageUnavailable = new("storage-unavailable", 503, "Media storage unavailable",
        "The media storage (the filesystem or the S3 service) refused or could not be reached; nothing was stored. Retry after Retry-After seconds.");
    public static readonly ProblemType Timeout = new("timeout", 503, "Request took too long",
        "The request took longer than the server allows and was cancelled. Retry in a moment.");
    public static readonly ProblemType Other = new("http-error", 0, "HTTP error",
        "Any other error status, for which `status` says all there is to say.");

    public static readonly IReadOnlyList<ProblemType> All =
    [
        Validation, UnreadableBody, Unauthorized, Forbidden, NotFound, MethodNotAllowed, RequestTimeout, SlugTaken, LookAlikeTag,
        TranslationLanguageTaken, StillReferenced, WriteConflict, IdempotencyInProgress, TakenDown, NotPublished, RevisionReferencesDeleted, Gone, PreconditionFailed, PayloadTooLarge, UnsupportedMediaType,
        UnsupportedImageType, UnprocessableImage, IdempotencyKeyReused, IdempotencyAnswerLost, PreconditionRequired, RateLimited, InternalError, DatabaseUnavailable, Timeout, Other,
    ];

    /// The kind of an error answer that carries nothing but its status (StatusCodeProblemsMiddleware, Kestrel's refusals).
    public static ProblemType ForStatus(int status) => status switch
    {
        400 => UnreadableBody,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        408 => RequestTimeout,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        500 => InternalError,
        _ => Other,
    };
}
