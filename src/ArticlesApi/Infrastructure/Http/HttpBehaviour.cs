using FastEndpoints;

namespace ArticlesApi.Infrastructure.Http;

/// What an endpoint is in HTTP terms, declared once in its Configure() (`Definition.Declare(...)`) and
/// kept as endpoint metadata. The pipeline (ETag, Cache-Control, 304, the response cache, If-Match,
/// Idempotency-Key) and the OpenAPI document both read these declarations; neither guesses from URLs or
/// methods. See docs/decisions/0020.
public abstract record HttpBehaviour
{
    /// The declaration of type T of the endpoint that serves this request, if any.
    public static T? Of<T>(HttpContext context) where T : HttpBehaviour => context.GetEndpoint()?.Metadata.GetMetadata<T>();
}

/// Who may keep an answer: Public reads are `public, max-age` without a key (and answered from the
/// response cache); Private ones are never kept by anything shared.
public enum ReadAudience { Public, Private }

/// A GET (and its HEAD) answered with an ETag, Cache-Control and `Vary: Authorization`, and with 304 when
/// If-None-Match matches. Paged: a list with `meta.nextCursor` and a `Link: rel="next"` header.
public sealed record ConditionalRead(ReadAudience Audience, bool Paged = false) : HttpBehaviour
{
    public static readonly ConditionalRead Public = new(ReadAudience.Public);
    public static readonly ConditionalRead PublicList = new(ReadAudience.Public, Paged: true);
    public static readonly ConditionalRead Private = new(ReadAudience.Private);
    public static readonly ConditionalRead PrivateList = new(ReadAudience.Private, Paged: true);

    /// A query parameter that makes a Public read private (a preview link's `preview`): answered
    /// `private, no-store`, never from or into the response cache.
    public string? PrivateWith { get; init; }

    public bool IsPrivateFor(HttpRequest request) => PrivateWith is not null && request.Query.ContainsKey(PrivateWith);
}

/// A `limit` query parameter other than a paged list's (whose range is PageRequest's): how many items, 1 to Max, Default
/// when absent. Documented as an integer with that range, whatever type the request binds it to (a string, so that
/// `limit=abc` is a 400 naming it).
public sealed record LimitRange(int Max, int Default) : HttpBehaviour;

public enum IfMatchRule { Required, Optional }

/// A write to an existing resource, checked against If-Match (the ETag of its current representation):
/// Required answers 428 without it; both answer 412 when it is stale. Note: what else to say of If-Match.
public sealed record ConditionalWrite(IfMatchRule IfMatch, string? Note = null) : HttpBehaviour
{
    public static readonly ConditionalWrite IfMatchRequired = new(IfMatchRule.Required);
    public static readonly ConditionalWrite IfMatchOptional = new(IfMatchRule.Optional);
}

/// A POST that takes an Idempotency-Key: a retry with the same key and body replays the first answer.
public sealed record IdempotentPost : HttpBehaviour
{
    public static readonly IdempotentPost Instance = new();
}

/// An answer that carries a secret (a new API key's) beside what the request sent: never compressed, whatever
/// Accept-Encoding says, because a compressed length tells a right guess of the secret from a wrong one
/// (BREACH). Every other 2xx representation is compressed when asked (ContentCodings).
public sealed record NoCompression : HttpBehaviour
{
    public static readonly NoCompression Instance = new();
}

/// A request body larger than the JSON limit (RequestBodyLimitMiddleware): a file upload. MaxBytes: the whole body's
/// limit, from configuration; Detail: what the 413 says of it.
public sealed record LargeBody(Func<IServiceProvider, long> MaxBytes, Func<IServiceProvider, string> Detail) : HttpBehaviour;

public static class HttpBehaviourDeclarations
{
    /// In an endpoint's Configure(): `Definition.Declare(ConditionalRead.Public)`.
    public static void Declare(this EndpointDefinition definition, params HttpBehaviour[] behaviours) =>
        definition.Options(builder => builder.WithMetadata([.. behaviours]));
}
