namespace ArticlesApi.Infrastructure.Http;

/// OpenAPI descriptions of the answers that writes share.
public static class EndpointDocs
{
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
            builder.ProducesProblem(status, Problems.ContentType);
        return builder;
    }

    /// 400 validation, 401 no key, 403 role, 413 body too large, 422 idempotency key reuse, 409 conflicts.
    public static RouteHandlerBuilder ProducesCreateProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblems(400, 401, 403, 409, 413, 422);

    /// 400, 401, 403, 404, 409 (slug taken), 412 stale If-Match, 413, 428 missing If-Match.
    public static RouteHandlerBuilder ProducesReplaceProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblems(400, 401, 403, 404, 409, 412, 413, 428);

    public static RouteHandlerBuilder ProducesDeleteProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblems(401, 403, 404, 409, 412, 428);

    public const string IfMatchDescription = "The ETag of the representation being changed (required; 428 without it, 412 when stale).";
    public const string IdempotencyKeyDescription = "Optional. A unique key per intended write (e.g. a UUID): a retry with the same key and body replays the first answer; kept 24 hours.";
}
