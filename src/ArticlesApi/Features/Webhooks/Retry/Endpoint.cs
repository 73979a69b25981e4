using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Webhooks;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Webhooks.Retry;

sealed class Request
{
    public Guid Id { get; init; }
    public Guid DeliveryId { get; init; }
}

sealed class Endpoint(ArticlesDb db, TimeProvider time) : Endpoint<Request, DeliveryResponse>
{
    public override void Configure()
    {
        Post("/webhooks/{id:guid}/deliveries/{deliveryId:guid}/retry");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultAccepts().Produces<DeliveryResponse>(200, "application/json").ProducesProblems(401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Send a delivery again (admin)";
            s.ExampleRequest = new { id = ArticlesApi.Data.Seed.SampleNewsroom.SiteRebuildWebhookId, deliveryId = ArticlesApi.Data.Seed.SampleNewsroom.FailedDeliveryId };
            s.Description = "Whatever its status, the delivery is due again at once, with the same `webhook-id` and body: the worker sends it within "
                + "`Webhooks:PollMilliseconds` (while the webhook is disabled, once it is enabled again). If that attempt fails, it is retried "
                + "only within the 24 hours after the event.";
            s.Responses[200] = "Queued: the delivery, pending, due now.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var queued = await db.WebhookDeliveries.Where(d => d.Id == req.DeliveryId && d.WebhookId == req.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now), ct);
        if (queued == 0)
        {
            await Send.ResultAsync(Problems.NotFound($"No delivery with id '{req.DeliveryId}' for the webhook '{req.Id}'."));
            return;
        }
        var delivery = await db.WebhookDeliveries.AsNoTracking().Where(d => d.Id == req.DeliveryId).Select(WebhookProjections.Delivery).SingleAsync(ct);
        await Send.OkAsync(delivery, ct);
    }
}
