using ArticlesApi.Data;
using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Storage;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Media.Delete;

sealed class Request
{
    public Guid Id { get; init; }

    /// The ETag of the media item: required (428 without it, 412 when stale).
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Endpoint(ArticlesDb db, IMediaStorage storage, ILogger<Endpoint> logger) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/media/{id:guid}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Writers);
        Description(b => b.Produces(204).ProducesDeleteProblems());
        Summary(s =>
        {
            s.Summary = "Delete a media item (contributor and up)";
            s.ExampleRequest = new { id = SampleMedia.OldMapId };
            s.Description = "Needs If-Match. Deletes the row and then every file of it (its URLs answer 404 from then on, though caches "
                + "may keep them). A media item that an article uses (as its feature image, in its body or in a correction note; trashed articles included, which can be restored) cannot be deleted: 409. "
                + "Contributors and authors delete only what they uploaded.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var item = await db.Media.SingleOrDefaultAsync(m => m.Id == req.Id, ct);
        var refused = item is null ? MediaAccess.NotFound(req.Id)
            : MediaAccess.Check(Caller.From(User), item)
              ?? Preconditions.Check(req.IfMatch, MediaRepresentation.Of(item, storage), HttpContext.DeclaredIfMatch())
              ?? await MediaAccess.InUseAsync(db, item.Id, ct);
        if (refused is null)
        {
            db.Media.Remove(item!);
            refused = await db.TrySaveAsync(null, ct);
        }
        if (refused is not null)
        {
            await Send.RefusalAsync(refused);
            return;
        }
        // After the commit: a failed delete of a file leaves an unreferenced file, never a row without its files.
        foreach (var key in item!.Renditions.Select(r => r.StorageKey).Prepend(item.StorageKey))
        {
            try
            {
                await storage.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "The deleted media item {Id} left its file {Key}: delete it by hand.", item.Id, key);
            }
        }
        await Send.NoContentAsync(ct);
    }
}
