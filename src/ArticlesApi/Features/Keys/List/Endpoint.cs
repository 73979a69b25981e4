using ArticlesApi.Data;
using ArticlesApi.Features.Keys;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Keys.List;

sealed class Endpoint(ArticlesDb db) : EndpointWithoutRequest<ListResponse<KeyResponse>>
{
    public override void Configure()
    {
        Get("/keys");
        Roles(RoleNames.Admin);
        Description(b => b.ProducesProblems(401, 403));
        Summary(s =>
        {
            s.Summary = "List API keys (admin)";
            s.Description = "Every key, newest first, revoked ones included (with `revokedAt`). Secrets are never shown.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .Select(KeyProjections.Admin).ToListAsync(ct);
        await Send.OkAsync(new ListResponse<KeyResponse> { Data = keys, Meta = new ListMeta { Limit = keys.Count, NextCursor = null } }, ct);
    }
}
