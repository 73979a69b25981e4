using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Changes;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Changes.List;

/// GET /api/v1/changes: content_changes read in sequence order (docs/decisions/0017: sequences are handed out
/// in commit order, so reading past a cursor never misses a row that commits later).
sealed class Endpoint(ArticlesDb db, CursorCodec cursors) : Endpoint<Request, ChangeFeed>
{
    public const string Scope = "changes";

    public const string BadCursor = "The cursor is not one this feed gave out (altered or truncated). Start again without it.";

    public override void Configure()
    {
        Get("/changes");
        Definition.Declare(ConditionalRead.PublicList);
        AllowAnonymous();
        Description(b => b
            .Produces<ChangeFeed>(200, "application/json")
            .ProducesProblemDetails(400)
            .Produces(304));
        Summary(s =>
        {
            s.Summary = "Follow every change, in commit order";
            s.Description = "What changed, oldest first, in the order the writes committed: never a change twice, never one missed, also under "
                + "concurrent writers. Keep `meta.nextCursor` and ask again with it (at once while `meta.hasMore`, later to poll): an app that "
                + "applies every entry (fetch what was `created`, `updated`, `published` or `restored`, drop what was `unpublished` or `deleted`) "
                + "ends with exactly the content this API serves it. Without a key (or with a reader key) only what affects public content appears: "
                + "an article that leaves public view (unpublished, scheduled for later, trashed, deleted) appears as `deleted`, one that enters it as "
                + "`published` (or `created`, `restored`), a draft's edits not at all, a scheduled article when its time has come (within "
                + "`ScheduledPublication:IntervalSeconds`; `at` is its publication time). Tags are left out there: a tag is public only while a "
                + "published article carries it. A key that may write sees every change; scheduling a draft is an `updated`, scheduling a public "
                + "article an `unpublished`, and its `published` comes when its time comes. The cursor is opaque and signed: it holds the last "
                + "sequence read.";
            s.RequestParam(r => r.Limit!, "Page size, 1–100 (default 20).");
            s.RequestParam(r => r.Cursor!, "Opaque cursor from `meta.nextCursor`; without it, from the first change.");
            s.Responses[200] = "The changes after the cursor, oldest first (an empty page when there are none yet).";
            s.Responses[304] = "Nothing new since the ETag given in If-None-Match.";
            s.Responses[400] = "A parameter is invalid; `errors` names it.";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        long after = 0;
        if (!string.IsNullOrEmpty(r.Cursor))
        {
            if (!cursors.TryDecode(r.Cursor, Scope, (ChangeCursor c) => c.S >= 0, out var position))
                ThrowError(x => x.Cursor!, BadCursor);
            after = position.S;
        }
        var audience = RoleNames.Writers.Any(User.IsInRole) ? ChangeAudience.Everything : ChangeAudience.Public;
        var limit = r.PageSize();
        var query = db.ContentChanges.AsNoTracking().Where(c => c.Sequence > after);
        if (audience == ChangeAudience.Public)
            query = query.Where(c => c.Resource != ContentResource.Tag
                && (c.Resource != ContentResource.Article || c.WasPublic == true || c.IsPublic == true));
        var rows = await query.OrderBy(c => c.Sequence).Take(limit + 1).ToListAsync(ct);
        var page = rows.Take(limit).ToList();
        var next = cursors.Encode(new ChangeCursor(page.Count > 0 ? page[^1].Sequence : after), Scope);
        if (rows.Count > limit)
            HttpContext.Response.Headers.Append("Link", $"</api/v1/changes?limit={limit}&cursor={next}>; rel=\"next\"");
        await Send.OkAsync(new ChangeFeed
        {
            Data = [.. page.Select(c => new ChangeResponse
            {
                Sequence = c.Sequence, At = c.At, Type = ChangeTypes.For(c, audience)!.Value.Name(), Resource = c.Resource.Name(),
                Id = c.ResourceId, Slug = c.Slug,
            })],
            Meta = new ChangeFeedMeta { Limit = limit, NextCursor = next, HasMore = rows.Count > limit },
        }, ct);
    }
}

/// The last sequence read.
sealed record ChangeCursor(long S);
