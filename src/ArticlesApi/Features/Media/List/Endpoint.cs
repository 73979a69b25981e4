using ArticlesApi.Data;
using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Storage;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Media.List;

sealed class Request : CursorPageRequest;

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new CursorPageRules());
}

sealed class Endpoint(ArticlesDb db, CursorCodec cursors, IMediaStorage storage) : Endpoint<Request, ListResponse<MediaResponse>>
{
    public const string Scope = "media";

    public override void Configure()
    {
        Get("/media");
        Definition.Declare(ConditionalRead.PrivateList);
        Roles(RoleNames.Writers);
        Description(b => b.ProducesProblems(400, 401, 403));
        Summary(s =>
        {
            s.Summary = "List media (contributor and up)";
            s.Description = "The newsroom's library, newest first: every staff role sees every item (a story uses the photo desk's pictures); "
                + "contributors and authors change only what they uploaded.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Ids are UUIDv7: ordering by id is ordering by upload.
        var query = db.Media.AsNoTracking();
        if (!string.IsNullOrEmpty(req.Cursor))
        {
            if (!cursors.TryDecode(req.Cursor, Scope, (MediaCursor c) => CursorFields.IsId(c.Id), out var after))
                ThrowError(x => x.Cursor!, PageRules.BadCursor);
            query = query.Where(m => m.Id.CompareTo(after.Id) < 0);
        }
        var page = await query.OrderByDescending(m => m.Id).Take(req.Limit + 1).ToListAsync(ct);
        var next = page.Count > req.Limit ? cursors.Encode(new MediaCursor(page[req.Limit - 1].Id), Scope) : null;
        if (next is not null)
            HttpContext.Response.Headers.Link = $"</api/v1/media?limit={req.Limit}&cursor={next}>; rel=\"next\"";
        await Send.OkAsync(new ListResponse<MediaResponse>
        {
            Data = page.Take(req.Limit).Select(m => MediaRepresentation.Of(m, storage)).ToList(),
            Meta = new ListMeta { Limit = req.Limit, NextCursor = next },
        }, ct);
    }
}

sealed record MediaCursor(Guid Id);
