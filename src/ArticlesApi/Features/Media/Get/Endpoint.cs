using ArticlesApi.Data;
using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Storage;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Media.Get;

sealed class Request
{
    public Guid Id { get; init; }
}

sealed class Endpoint(ArticlesDb db, IMediaStorage storage) : Endpoint<Request, MediaResponse>
{
    public override void Configure()
    {
        Get("/media/{id:guid}");
        Definition.Declare(ConditionalRead.Private);
        Roles(RoleNames.Writers);
        Description(b => b.Produces<MediaResponse>(200, "application/json").ProducesProblems(401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Get a media item (contributor and up)";
            s.ExampleRequest = new { id = SampleMedia.HarbourPhotoId };
            s.Description = "Its metadata, its files' URLs (public, served without a key) and who may change it is not shown. "
                + "Readers get pictures through the articles that use them.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var item = await db.Media.AsNoTracking().SingleOrDefaultAsync(m => m.Id == req.Id, ct);
        if (item is null)
            await Send.RefusalAsync(MediaAccess.NotFound(req.Id));
        else
            await Send.OkAsync(MediaRepresentation.Of(item, storage), ct);
    }
}
