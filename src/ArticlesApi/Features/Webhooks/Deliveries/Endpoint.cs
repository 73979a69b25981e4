using ArticlesApi.Data;
using ArticlesApi.Features.Webhooks;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Webhooks.Deliveries;

sealed class Request : CursorPageRequest
{
    public Guid Id { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new CursorPageRules());
}

sealed class Endpoint(ArticlesDb db, CursorCodec cursors) : Endpoint<Request, ListResponse<DeliveryResponse>>
{
    public const string Scope = "webhook-deliveries";

    public override void Configure()
    {
        Get("/webhooks/{id:guid}/deliveries");
        Definition.Declare(ConditionalRead.PrivateList);
        Roles(RoleNames.Admin);
        Description(b => b.ProducesProblems(400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "A webhook's delivery log (admin)";
            s.ExampleRequest = new { id = ArticlesApi.Data.Seed.SampleNewsroom.SiteRebuildWebhookId };
            s.Description = "Its deliveries, newest event first: status, attempts, the last answer (its start) and when the next attempt is due. "
                + "Retries wait 10 s after the first failure, then twice as long each time (at most 3 hours), for 24 hours after the event (`Webhooks:*`).";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await db.Webhooks.AnyAsync(w => w.Id == req.Id, ct))
        {
            await Send.ResultAsync(Problems.NotFound($"No webhook with id '{req.Id}'."));
            return;
        }
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == req.Id);
        if (!string.IsNullOrEmpty(req.Cursor))
        {
            if (!cursors.TryDecode(req.Cursor, Scope, (DeliveryCursor c) => c.S >= 0, out var after))
                ThrowError(x => x.Cursor!, PageRules.BadCursor);
            query = query.Where(d => d.Sequence < after.S);
        }
        var page = await query.OrderByDescending(d => d.Sequence).Take(req.Limit + 1).Select(WebhookProjections.Delivery).ToListAsync(ct);
        var next = page.Count > req.Limit ? cursors.Encode(new DeliveryCursor(page[req.Limit - 1].Sequence), Scope) : null;
        if (next is not null)
            HttpContext.Response.Headers.Link = $"</api/v1/webhooks/{req.Id}/deliveries?limit={req.Limit}&cursor={next}>; rel=\"next\"";
        await Send.OkAsync(new ListResponse<DeliveryResponse>
        {
            Data = page.Take(req.Limit).ToList(),
            Meta = new ListMeta { Limit = req.Limit, NextCursor = next },
        }, ct);
    }
}

/// The sequence of the last delivery shown (one delivery per event and webhook).
sealed record DeliveryCursor(long S);
