using ArticlesApi.Data;
using ArticlesApi.Features.Webhooks;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Webhooks.Update;

sealed class Request : WebhookInput
{
    public Guid Id { get; init; }

    /// False disables it; true enables it again (also after automatic disabling), which forgets its failures. Default: true.
    public bool? Enabled { get; init; }

    /// Optional: the webhook's ETag; when stale the answer is 412 and nothing changes.
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new WebhookInputRules());
}

sealed class Endpoint(ArticlesDb db, IOptions<WebhookOptions> options, TimeProvider time) : Endpoint<Request, WebhookResponse>
{
    public override void Configure()
    {
        Put("/webhooks/{id:guid}");
        Definition.Declare(ConditionalWrite.IfMatchOptional);
        Roles(RoleNames.Admin);
        Description(b => b.Produces<WebhookResponse>(200).ProducesProblems(400, 401, 403, 404, 412, 413));
        Summary(s =>
        {
            s.Summary = "Replace a webhook (admin)";
            s.ExampleRequest = new
            {
                id = ArticlesApi.Data.Seed.SampleNewsroom.SiteRebuildWebhookId, url = "https://build.example.org/hooks/articles",
                events = new[] { "article.published", "article.updated", "article.unpublished", "article.deleted", "article.restored" },
                description = "Rebuild the static site", enabled = false,
            };
            s.Description = "URL, events, description and whether it is enabled. The secret stays (to change it, create a new webhook and delete this one). "
                + "Enabling a disabled webhook forgets its failures; events of changes made while it was disabled are not sent. "
                + "Queued deliveries go to the URL current at each attempt.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await WebhookInputRules.RefusedTargetAsync(req, options.Value.AllowPrivateNetworks, ct) is { } refusal)
            ThrowError(r => r.Url, refusal);
        var webhook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == req.Id, ct);
        var current = webhook is null ? null : await db.Webhooks.AsNoTracking().Where(w => w.Id == req.Id).Select(WebhookProjections.Admin).SingleOrDefaultAsync(ct);
        var refused = webhook is null ? new WriteRefusal.NotFound("webhook", req.Id.ToString())
            : Preconditions.Check(req.IfMatch, current, HttpContext.DeclaredIfMatch());
        if (refused is null)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var enabled = req.Enabled ?? true;
            webhook!.Url = req.Target().ToString();
            webhook.Events = [.. req.Events.Distinct()];
            webhook.Description = req.Description;
            if (enabled && !webhook.Enabled)
                (webhook.DisabledAt, webhook.DisabledReason, webhook.FailingSince) = (null, null, null);
            else if (!enabled && webhook.Enabled)
                (webhook.DisabledAt, webhook.DisabledReason) = (now, "Disabled by an admin.");
            webhook.Enabled = enabled;
            webhook.UpdatedAt = now;
            refused = await db.TrySaveAsync(null, ct);
        }
        await (refused is null
            ? Send.OkAsync(await db.Webhooks.AsNoTracking().Where(w => w.Id == req.Id).Select(WebhookProjections.Admin).SingleAsync(ct), ct)
            : Send.RefusalAsync(refused));
    }
}
