using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Tags;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Tags.Create;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, TagResponse>
{
    public override void Configure()
    {
        Post("/tags");
        Roles(RoleNames.Editors);
        Description(b => b.Produces<TagResponse>(201).ProducesCreateProblems());
        Summary(s =>
        {
            s.Summary = "Create a tag (editor, admin)";
            s.Description = "The slug is generated from the name when not given; an explicit slug that is taken answers 409.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.Slug is { } wanted && await db.Tags.AnyAsync(t => t.Slug == wanted, ct))
        {
            await Send.ResultAsync(Writes.SlugTaken(wanted));
            return;
        }
        var tag = new Tag { Name = req.Name, Slug = req.Slug ?? await Writes.FreeSlugAsync(db.Tags.Select(t => t.Slug), req.Name, ct) };
        req.ApplyTo(tag);
        db.Tags.Add(tag);
        if (await db.TrySaveAsync(tag.Slug, ct) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        HttpContext.Response.Headers.Location = $"/api/v1/tags/{tag.Id}";
        await Send.ResponseAsync(await TagReader.ReadAsync(db, tag.Id, ct), StatusCodes.Status201Created, ct);
    }
}
