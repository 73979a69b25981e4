using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Storage;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Media.Update;

sealed class Request : MediaInput
{
    public Guid Id { get; init; }

    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new MediaInputRules());
}

sealed class Endpoint(ArticlesDb db, IMediaStorage storage) : Endpoint<Request, MediaResponse>
{
    public override void Configure()
    {
        Put("/media/{id:guid}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Writers);
        Description(b => b.Produces<MediaResponse>(200).ProducesProblems(400, 401, 403, 404, 412, 413, 428));
        Summary(s =>
        {
            s.Summary = "Replace a media item's metadata (contributor and up)";
            s.ExampleRequest = new { id = SampleMedia.HarbourPhotoId, alt = "Fishing boats moored in the harbour at dawn", caption = "The harbour before the storm.", credit = "Photo: Ana Rossi", license = "CC BY 4.0" };
            s.Description = "`alt` (required), `caption`, `credit` and `license`; a member left out is removed. The files never change "
                + "(upload a new image instead). Needs If-Match. Contributors and authors change only what they uploaded. Every article that "
                + "shows the item follows in the same transaction: its body's images without alt text of their own show the new `alt`, and "
                + "its `featureImage` takes the new `alt`, `caption` and `credit` where it had the item's (not where the article gave its "
                + "own); each article that changes is recorded as updated (new ETag and `updatedAt`, an entry in the change feed, webhooks).";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var item = await db.Media.SingleOrDefaultAsync(m => m.Id == req.Id, ct);
        var refused = item is null ? MediaAccess.NotFound(req.Id)
            : MediaAccess.Check(Caller.From(User), item)
              ?? Preconditions.Check(req.IfMatch, MediaRepresentation.Of(item, storage), HttpContext.DeclaredIfMatch());
        if (refused is null)
        {
            // The articles that show it follow in the same transaction (ArticleMedia.FollowAsync): one answer, every page changed.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var was = new MediaText(item!.Alt, item.Caption, item.Credit);
            item.Alt = req.Alt.Trim();
            item.Caption = MediaInputRules.Text(req.Caption);
            item.Credit = MediaInputRules.Text(req.Credit);
            item.License = MediaInputRules.Text(req.License);
            item.UpdatedAt = db.Clock.GetUtcNow().UtcDateTime;
            await ArticleMedia.FollowAsync(db, storage, Resolve<BodyContext>(), item, was, ct);
            refused = await db.TrySaveAsync(null, ct);
            if (refused is null)
                await transaction.CommitAsync(ct);
        }
        await (refused is null ? Send.OkAsync(await MediaRepresentation.StoredAsync(db, req.Id, storage, ct), ct) : Send.RefusalAsync(refused));
    }
}
