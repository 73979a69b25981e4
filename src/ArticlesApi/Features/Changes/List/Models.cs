using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using FluentValidation;

namespace Changes.List;

sealed class Request
{
    /// 1–100, default 20.
    public string? Limit { get; init; }

    /// Opaque: the `meta.nextCursor` of the previous page; without it the feed starts from the beginning.
    public string? Cursor { get; init; }

    public int PageSize() => PageRequest.TryParseLimit(Limit, out var limit) ? limit : PageRequest.DefaultLimit;
}

sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Limit).Must(v => PageRequest.TryParseLimit(v, out _))
            .WithMessage($"limit must be a whole number from 1 to {PageRequest.MaxLimit}.");
        RuleFor(r => r.Cursor).MaximumLength(CursorCodec.MaxLength).WithMessage(Endpoint.BadCursor);
    }
}

/// One change, in commit order.
sealed class ChangeResponse
{
    /// Increases with every change in commit order (numbers may skip); the feed never shows one twice.
    public required long Sequence { get; init; }

    /// When the change took effect (for an article published at a scheduled time, that time).
    public required DateTime At { get; init; }

    /// created, updated, published, unpublished, deleted or restored.
    public required string Type { get; init; }

    /// article, author, tag or source.
    public required string Resource { get; init; }

    public required Guid Id { get; init; }

    /// The slug after the change; for a deletion, the slug it had.
    public required string Slug { get; init; }
}

sealed class ChangeFeed
{
    public required IReadOnlyList<ChangeResponse> Data { get; init; }
    public required ChangeFeedMeta Meta { get; init; }
}

sealed class ChangeFeedMeta
{
    public required int Limit { get; init; }

    /// Where to go on from: pass it as `cursor` next time. Always present, also on an empty page, so that an
    /// app that has caught up polls with it and sees only what comes after.
    public required string NextCursor { get; init; }

    /// True when more changes were already there: ask again at once with `nextCursor`.
    public required bool HasMore { get; init; }
}
