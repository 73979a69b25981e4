using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Data;
using ArticlesApi.Features.Keys;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Keys.List;

sealed class Endpoint(ArticlesDb db, CursorCodec cursors) : Endpoint<Request, ListResponse<KeyResponse>>
{
    public override void Configure()
    {
        Get("/keys");
        Definition.Declare(ConditionalRead.PrivateList);
        Roles(RoleNames.Admin);
        Description(b => b.ProducesProblems(400, 401, 403));
        Summary(s =>
        {
            s.Summary = "List API keys (admin)";
            s.Description = "Every key, newest first, revoked ones included (with `revokedAt`). Secrets are never shown.";
        });
    }

    public const string Scope = "keys";

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Ids are UUIDv7, so ordering by id is ordering by creation; the cursor is the last id seen.
        var query = db.ApiKeys.AsNoTracking();
        if (!string.IsNullOrEmpty(req.Cursor))
        {
            if (!cursors.TryDecode(req.Cursor, Scope, (KeyCursor c) => CursorFields.IsId(c.Id), out var after))
                ThrowError(x => x.Cursor!, PageRules.BadCursor);
            query = query.Where(k => k.Id.CompareTo(after.Id) < 0);
        }
        var page = await query.OrderByDescending(k => k.Id).Take(req.Limit + 1).Select(KeyProjections.Admin).ToListAsync(ct);
        page.LinkTo(await db.SiteUrlsAsync(ct));
        var next = page.Count > req.Limit ? cursors.Encode(new KeyCursor(page[req.Limit - 1].Id), Scope) : null;
        if (next is not null)
            HttpContext.Response.Headers.Link = $"</api/v1/keys?limit={req.Limit}&cursor={next}>; rel=\"next\"";
        await Send.OkAsync(new ListResponse<KeyResponse>
        {
            Data = page.Take(req.Limit).ToList(),
            Meta = new ListMeta { Limit = req.Limit, NextCursor = next },
        }, ct);
    }
}

sealed record KeyCursor(Guid Id);
