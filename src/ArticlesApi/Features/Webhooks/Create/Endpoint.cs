using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Webhooks;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Webhooks.Create;

sealed class Request : WebhookInput
{
    [FromHeader(ArticlesApi.Infrastructure.Idempotency.IdempotencyMiddleware.HeaderName, IsRequired = false)]
    public string? IdempotencyKey { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new WebhookInputRules());
}

/// The new webhook, with its signing secret: shown this once, store it now.
sealed class Response : WebhookResponse
{
    /// `whsec_` + base64: the key of the Standard Webhooks signature (the bytes after `whsec_`, base64-decoded).
    public required string Secret { get; init; }
}

sealed class Endpoint(ArticlesDb db, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider time) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/webhooks");
        Definition.Declare(IdempotentPost.Instance, NoCompression.Instance);
        Roles(RoleNames.Admin);
        Description(b => b.Produces<Response>(201).ProducesCreateProblems());
        Summary(s =>
        {
            s.Summary = "Create a webhook (admin)";
            s.ExampleRequest = new { url = "https://build.example.org/hooks/articles", events = new[] { "article.published", "article.unpublished", "article.deleted" }, description = "Rebuild the static site" };
            s.Description = "Every content change of the named event types committed from now on is POSTed to `url` as `{ type, timestamp, data }` "
                + "(see the `webhooks` section), signed by the Standard Webhooks scheme with the `secret` answered here once (stored encrypted, never shown again). "
                + "Delivered at least once, retried with exponential backoff for 24 hours; a receiver de-duplicates by `webhook-id`. "
                + "Targets on loopback, private, link-local or other non-public addresses are refused (400 naming `url`), and checked again on every delivery.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await WebhookInputRules.RefusedTargetAsync(req, options.Value.AllowPrivateNetworks, ct) is { } refusal)
            ThrowError(r => r.Url, refusal);

        var now = time.GetUtcNow().UtcDateTime;
        var secret = WebhookSecrets.Generate();
        var webhook = new Webhook
        {
            Url = req.Target().ToString(), Events = [.. req.Events.Distinct()], Description = req.Description,
            SealedSecret = [], CreatedAt = now, UpdatedAt = now,
            // Sequences are handed out in commit order: every change after this one commits after this read.
            AfterSequence = await db.ContentChanges.MaxAsync(c => (long?)c.Sequence, ct) ?? 0,
        };
        webhook.SealedSecret = await secrets.SealAsync(webhook.Id, secret, ct);
        db.Webhooks.Add(webhook);
        if (await db.TrySaveAsync(null, ct) is { } refused)
        {
            await Send.RefusalAsync(refused);
            return;
        }
        var saved = await db.Webhooks.AsNoTracking().Where(w => w.Id == webhook.Id).Select(WebhookProjections.Admin).SingleAsync(ct);
        HttpContext.Response.Headers.Location = $"/api/v1/webhooks/{webhook.Id}";
        await Send.ResponseAsync(new Response
        {
            Id = saved.Id, Url = saved.Url, Events = saved.Events, Description = saved.Description, Enabled = saved.Enabled,
            DisabledAt = saved.DisabledAt, DisabledReason = saved.DisabledReason, FailingSince = saved.FailingSince,
            CreatedAt = saved.CreatedAt, UpdatedAt = saved.UpdatedAt, Secret = secret,
        }, StatusCodes.Status201Created, ct);
    }
}
