using FluentValidation;

namespace ArticlesApi.Infrastructure.Paging;

/// The paging parameters of a list that pages by cursor only (no `total`, no filters): admin lists such as webhooks
/// and their deliveries.
public abstract class CursorPageRequest
{
    /// 1–100, default 20.
    public int Limit { get; init; } = PageRequest.DefaultLimit;

    /// Opaque: the `meta.nextCursor` of the previous page.
    public string? Cursor { get; init; }
}

/// Include in the list's validator: `Include(new CursorPageRules())`.
public sealed class CursorPageRules : AbstractValidator<CursorPageRequest>
{
    public CursorPageRules()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, PageRequest.MaxLimit);
        RuleFor(x => x.Cursor).MaximumLength(CursorCodec.MaxLength).WithMessage(PageRules.BadCursor);
    }
}
