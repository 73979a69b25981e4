using ArticlesApi.Features.Authors;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Authors.Update;

sealed class Request : AuthorInput
{
    /// The author's id (UUID) or slug.
    public string IdOrSlug { get; init; } = "";

    /// The ETag of the author being replaced: required.
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new AuthorInputRules());
}
