using ArticlesApi.Data;
using ArticlesApi.Features.Webhooks;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Webhooks.List;

sealed class Request : CursorPageRequest;

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new CursorPageRules());
}

sealed class Endpoint(ArticlesDb db, CursorCodec cursors) : Endpoint<Request, ListResponse<WebhookResponse>>
{
    public const string Scope = "webhooks";

    public override void Configure()
    {
        Get("/webhooks");
        Definition.Declare(ConditionalRead.PrivateList);
        Roles(RoleNames.Admin);
        Description(b => b.ProducesProblems(400, 401, 403));
        Summary(s =>
        {
            s.Summary = "List webhooks (admin)";
            s.Description = "Every webhook, newest first, disabled ones included. Secrets are never shown.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Ids are UUIDv7: ordering by id is ordering by creation.
        var query = db.Webhooks.AsNoTracking();
        if (!string.IsNullOrEmpty(req.Cursor))
        {
            if (!cursors.TryDecode(req.Cursor, Scope, (WebhookCursor c) => CursorFields.IsId(c.Id), out var after))
                ThrowError(x => x.Cursor!, PageRules.BadCursor);
            query = query.Where(w => w.Id.CompareTo(after.Id) < 0);
        }
        var page = await query.OrderByDescending(w => w.Id).Take(req.Limit + 1).Select(WebhookProjections.Admin).ToListAsync(ct);
        var next = page.Count > req.Limit ? cursors.Encode(new WebhookCursor(page[req.Limit - 1].Id), Scope) : null;
        if (next is not null)
            HttpContext.Response.Headers.Link = $"</api/v1/webhooks?limit={req.Limit}&cursor={next}>; rel=\"next\"";
        await Send.OkAsync(new ListResponse<WebhookResponse>
        {
            Data = page.Take(req.Limit).ToList(),
            Meta = new ListMeta { Limit = req.Limit, NextCursor = next },
        }, ct);
    }
}

sealed record WebhookCursor(Guid Id);
