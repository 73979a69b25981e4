using ArticlesApi.Data;
using ArticlesApi.Features.Keys;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Keys.List;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, ListResponse<KeyResponse>>
{
    public override void Configure()
    {
        Get("/keys");
        Roles(RoleNames.Admin);
        Description(b => b.ProducesProblems(400, 401, 403));
        Summary(s =>
        {
            s.Summary = "List API keys (admin)";
            s.Description = "Every key, newest first, revoked ones included (with `revokedAt`). Secrets are never shown.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Ids are UUIDv7, so ordering by id is ordering by creation; the cursor is the last id seen.
        var query = db.ApiKeys.AsNoTracking();
        if (req.Cursor is not null && DecodeCursor(req.Cursor) is { } after)
            query = query.Where(k => k.Id.CompareTo(after) < 0);
        var page = await query.OrderByDescending(k => k.Id).Take(req.Limit + 1).Select(KeyProjections.Admin).ToListAsync(ct);
        var next = page.Count > req.Limit ? EncodeCursor(page[req.Limit - 1].Id) : null;
        if (next is not null)
            HttpContext.Response.Headers.Link = $"</api/v1/keys?limit={req.Limit}&cursor={next}>; rel=\"next\"";
        await Send.OkAsync(new ListResponse<KeyResponse>
        {
            Data = page.Take(req.Limit).ToList(),
            Meta = new ListMeta { Limit = req.Limit, NextCursor = next },
        }, ct);
    }

    static string EncodeCursor(Guid id) => Convert.ToBase64String(id.ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static Guid? DecodeCursor(string cursor)
    {
        try
        {
            var bytes = Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/') + "==");
            return bytes.Length == 16 ? new Guid(bytes) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
