using ArticlesApi.Infrastructure.Database;

namespace ArticlesApi.Infrastructure.Http;

/// If-Match on writes: the client names the representation it changed; anything else is a lost update.
public static class Preconditions
{
    /// Null (proceed) when If-Match names the current representation's ETag or is "*", or is absent where
    /// the rule makes it optional; VersionMissing (428) when absent where required; Stale (412) otherwise,
    /// also when there is no current representation any more (RFC 9110, 13.1.1).
    public static WriteRefusal? Check(string? ifMatch, string? currentETag, IfMatchRule rule) =>
        Check(ifMatch, currentETag is null ? [] : [currentETag], rule);

    /// The same where the current version has several representations (an article read with `formats=`), each
    /// with its own ETag: any of them names the current version. Enumerated lazily, only until one matches.
    public static WriteRefusal? Check(string? ifMatch, IEnumerable<string> currentETags, IfMatchRule rule) =>
        string.IsNullOrWhiteSpace(ifMatch)
            ? rule == IfMatchRule.Required ? new WriteRefusal.VersionMissing() : null
            : currentETags.Any(etag => ETags.AnyMatchesStrongly(ifMatch, etag)) ? null : new WriteRefusal.Stale();

    /// The same, against the representation a GET answers now (null: deleted meanwhile).
    public static WriteRefusal? Check(string? ifMatch, object? currentRepresentation, IfMatchRule rule) =>
        Check(ifMatch, currentRepresentation is null ? null : ETags.Of(currentRepresentation), rule);

    /// The If-Match rule that the endpoint serving this request declares in its Configure()
    /// (`Definition.Declare(ConditionalWrite…)`): the handler checks what the document promises.
    public static IfMatchRule DeclaredIfMatch(this HttpContext http) =>
        (HttpBehaviour.Of<ConditionalWrite>(http)
         ?? throw new InvalidOperationException($"{http.GetEndpoint()?.DisplayName} checks If-Match but declares no ConditionalWrite.")).IfMatch;
}
