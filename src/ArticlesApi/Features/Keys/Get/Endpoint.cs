using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Data;
using ArticlesApi.Features.Keys;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Keys.Get;

sealed class Request
{
    public Guid Id { get; init; }
}

/// GET /api/v1/keys/{id}: where the Location of a created key points.
sealed class Endpoint(ArticlesDb db) : Endpoint<Request, KeyResponse>
{
    public override void Configure()
    {
        Get("/keys/{id:guid}");
        Definition.Declare(ConditionalRead.Private);
        Roles(RoleNames.Admin);
        Description(b => b.Produces<KeyResponse>(200, "application/json").ProducesProblems(401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Get an API key (admin)";
            s.ExampleRequest = new { id = ArticlesApi.Data.Seed.SampleNewsroom.RetiredImporterKeyId };
            s.Description = "One key, revoked or not, without its secret (the secret is shown only once, when the key is created).";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var key = await db.ApiKeys.AsNoTracking().Where(k => k.Id == req.Id).Select(KeyProjections.Admin).SingleOrDefaultAsync(ct).LinkedAsync(db, ct);
        if (key is null)
            await Send.ResultAsync(Problems.NotFound($"No API key with id '{req.Id}'."));
        else
            await Send.OkAsync(key, ct);
    }
}
