using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Keys.Revoke;

sealed class Request
{
    public Guid Id { get; init; }
}

sealed class Endpoint(ArticlesDb db, VerifiedKeys verified, TimeProvider time) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/keys/{id:guid}");
        Roles(RoleNames.Admin);
        Description(b => b.Produces(204).ProducesProblems(401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Revoke an API key (admin)";
            s.ExampleRequest = new { id = ArticlesApi.Data.Seed.SampleNewsroom.RetiredImporterKeyId };
            s.Description = "The key stops working at once (keys are checked on every request). Revoking twice is harmless. "
                + "No If-Match needed: revocation must work in an emergency and cannot lose anyone's edit.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var found = await db.ApiKeys.AnyAsync(k => k.Id == req.Id, ct);
        if (!found)
        {
            await Send.RefusalAsync(new WriteRefusal.NotFound("API key", req.Id.ToString()));
            return;
        }
        await db.ApiKeys.Where(k => k.Id == req.Id && k.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct);
        // Its next request counts against its address's anonymous window here (other instances: after one 401).
        verified.Forget(req.Id);
        await Send.NoContentAsync(ct);
    }
}
