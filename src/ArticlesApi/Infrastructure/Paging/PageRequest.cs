using System.Globalization;
using FluentValidation;

namespace ArticlesApi.Infrastructure.Paging;

/// The paging parameters every list takes. Strings, so that `limit=abc` is a 400 naming `limit`
/// (the validator's), not a binding error.
public abstract class PageRequest
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// Page size, 1–100 (default 20).
    public string? Limit { get; set; }

    /// Opaque cursor from `meta.nextCursor` of the previous page.
    public string? Cursor { get; set; }

    /// `true` adds `meta.total`, the number of matching items (costs a count).
    public string? Total { get; set; }

    public int PageSize() => TryParseLimit(Limit, out var limit) ? limit : DefaultLimit;

    public bool WantsTotal() => TryParseFlag(Total, out var total) && total;

    public static bool TryParseLimit(string? value, out int limit)
    {
        limit = DefaultLimit;
        if (string.IsNullOrEmpty(value))
            return true;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit;
    }

    public static bool TryParseFlag(string? value, out bool flag)
    {
        flag = false;
        return string.IsNullOrEmpty(value) || bool.TryParse(value, out flag);
    }
}

/// Include in each list's validator: `Include(new PageRules())`.
public sealed class PageRules : AbstractValidator<PageRequest>
{
    public const string BadCursor =
        "The cursor is not valid for this list: it was altered, or it belongs to another sort or other filters. Start again without it.";

    public PageRules()
    {
        RuleFor(r => r.Limit).Must(v => PageRequest.TryParseLimit(v, out _))
            .WithMessage($"limit must be a whole number from 1 to {PageRequest.MaxLimit}.");
        RuleFor(r => r.Total).Must(v => PageRequest.TryParseFlag(v, out _))
            .WithMessage("total must be true or false.");
        RuleFor(r => r.Cursor).MaximumLength(CursorCodec.MaxLength).WithMessage(BadCursor);
    }
}
