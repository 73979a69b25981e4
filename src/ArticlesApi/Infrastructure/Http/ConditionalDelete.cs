using FastEndpoints;

namespace ArticlesApi.Infrastructure.Http;

/// DELETE /{resource}/{idOrSlug} with the If-Match that every delete needs.
public sealed class ConditionalDelete
{
    /// The id (UUID) or slug.
    public string IdOrSlug { get; init; } = "";

    /// The ETag of the resource being deleted: required (428 without it, 412 when stale).
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}
