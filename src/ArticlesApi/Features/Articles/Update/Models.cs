using ArticlesApi.Features.Articles;
using FastEndpoints;

namespace Articles.Update;

sealed class Request : ArticleReplacementInput
{
    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; init; } = "";

    /// The ETag of the article being replaced: required.
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new ArticleInputRules());
}
