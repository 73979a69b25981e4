using ArticlesApi.Data;
using ArticlesApi.Features.Webhooks;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Webhooks.Get;

sealed class Request
{
    public Guid Id { get; init; }
}

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, WebhookResponse>
{
    public override void Configure()
    {
        Get("/webhooks/{id:guid}");
        Definition.Declare(ConditionalRead.Private);
        Roles(RoleNames.Admin);
        Description(b => b.Produces<WebhookResponse>(200, "application/json").ProducesProblems(401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Get a webhook (admin)";
            s.ExampleRequest = new { id = ArticlesApi.Data.Seed.SampleNewsroom.SiteRebuildWebhookId };
            s.Description = "One webhook, without its secret (shown only when it was created).";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var webhook = await db.Webhooks.AsNoTracking().Where(w => w.Id == req.Id).Select(WebhookProjections.Admin).SingleOrDefaultAsync(ct);
        if (webhook is null)
            await Send.ResultAsync(Problems.NotFound($"No webhook with id '{req.Id}'."));
        else
            await Send.OkAsync(webhook, ct);
    }
}
