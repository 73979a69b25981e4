using ArticlesApi.Features.Tags;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Tags.Update;

sealed class Request : TagInput
{
    /// The tag's id (UUID) or slug.
    public string IdOrSlug { get; init; } = "";

    /// The ETag of the tag being replaced: required.
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new TagInputRules());
}
