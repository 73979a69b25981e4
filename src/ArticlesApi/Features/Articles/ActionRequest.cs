using ArticlesApi.Infrastructure.Idempotency;
using FastEndpoints;

namespace ArticlesApi.Features.Articles;

/// What the editorial actions (publish, unpublish, restore) take besides their body.
public class ActionRequest
{
    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; init; } = "";

    /// Optional: when given and stale, 412.
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }

    /// Optional: a retry with the same key and body replays the first answer (24 hours).
    [FromHeader(IdempotencyMiddleware.HeaderName, IsRequired = false)]
    public string? IdempotencyKey { get; init; }
}
