using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Webhooks.Delete;

sealed class Request
{
    public Guid Id { get; init; }
}

sealed class Endpoint(ArticlesDb db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/webhooks/{id:guid}");
        Roles(RoleNames.Admin);
        Description(b => b.Produces(204).ProducesProblems(401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Delete a webhook (admin)";
            s.ExampleRequest = new { id = ArticlesApi.Data.Seed.SampleNewsroom.RetiredWebhookId };
            s.Description = "Stops its deliveries at once and deletes its delivery log. No If-Match needed: stopping calls to a receiver must work in an emergency.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var deleted = await db.Webhooks.Where(w => w.Id == req.Id).ExecuteDeleteAsync(ct);
        await (deleted == 0 ? Send.RefusalAsync(new WriteRefusal.NotFound("webhook", req.Id.ToString())) : Send.NoContentAsync(ct));
    }
}
