using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using FluentValidation;

namespace Keys.List;

sealed class Request
{
    /// 1–100, default 20.
    [QueryParam]
    public int Limit { get; init; } = 20;

    /// Opaque: the `meta.nextCursor` of the previous page.
    [QueryParam]
    public string? Cursor { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, 100);
        RuleFor(x => x.Cursor).MaximumLength(CursorCodec.MaxLength).WithMessage(PageRules.BadCursor);
    }
}
