using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Tags;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Tags.Update;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, TagResponse>
{
    public override void Configure()
    {
        Put("/tags/{id:guid}");
        Roles(RoleNames.Editors);
        Description(b => b.Produces<TagResponse>(200).ProducesReplaceProblems());
        Summary(s =>
        {
            s.Summary = "Replace a tag (editor, admin)";
            s.Description = "Needs If-Match with the tag's current ETag. A slug that is not given stays as it is.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (tag, failed) = await db.LoadForWriteAsync<Tag>(req.Id, HttpContext, id => TagReader.ReadBoxedAsync(db, id, ct), ct);
        if (tag is null)
        {
            await Send.ResultAsync(failed!);
            return;
        }
        if (req.Slug is { } wanted && wanted != tag.Slug && await db.Tags.AnyAsync(t => t.Slug == wanted, ct))
        {
            await Send.ResultAsync(Writes.SlugTaken(wanted));
            return;
        }
        req.ApplyTo(tag);
        tag.Slug = req.Slug ?? tag.Slug;
        tag.UpdatedAt = DateTime.UtcNow;
        if (await db.TrySaveAsync(tag.Slug, ct) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        await Send.OkAsync(await TagReader.ReadAsync(db, tag.Id, ct), ct);
    }
}
