namespace ArticlesApi.Infrastructure.Http;

/// If-Match on writes: the client names the representation it changed; anything else is a lost update.
public static class Preconditions
{
    /// 428 without If-Match, 412 when it does not match the current representation, null when it matches.
    public static IResult? Require(HttpContext context, object currentRepresentation)
    {
        string? ifMatch = context.Request.Headers.IfMatch;
        if (string.IsNullOrWhiteSpace(ifMatch))
            return Problems.PreconditionRequired();
        return Optional(context, currentRepresentation);
    }

    /// For actions where If-Match is welcome but not required (publish, unpublish, restore).
    public static IResult? Optional(HttpContext context, object currentRepresentation)
    {
        string? ifMatch = context.Request.Headers.IfMatch;
        return string.IsNullOrWhiteSpace(ifMatch) || ETags.AnyMatchesStrongly(ifMatch, ETags.Of(currentRepresentation))
            ? null
            : Problems.PreconditionFailed();
    }
}
