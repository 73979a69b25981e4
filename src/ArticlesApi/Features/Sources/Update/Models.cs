using ArticlesApi.Features.Sources;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Sources.Update;

sealed class Request : SourceReplacementInput
{
    /// The source's id (UUID) or slug.
    public string IdOrSlug { get; init; } = "";

    /// The ETag of the source being replaced: required.
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new SourceInputRules());
}
