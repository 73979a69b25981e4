using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Authors;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Authors.Update;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, AuthorResponse>
{
    public override void Configure()
    {
        Put("/authors/{id:guid}");
        Roles(RoleNames.Editors);
        Description(b => b.Produces<AuthorResponse>(200).ProducesReplaceProblems());
        Summary(s =>
        {
            s.Summary = "Replace a author (editor, admin)";
            s.Description = "Needs If-Match with the author's current ETag. A slug that is not given stays as it is.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (author, failed) = await db.LoadForWriteAsync<Author>(req.Id, HttpContext, id => AuthorReader.ReadBoxedAsync(db, id, ct), ct);
        if (author is null)
        {
            await Send.ResultAsync(failed!);
            return;
        }
        if (req.Slug is { } wanted && wanted != author.Slug && await db.Authors.AnyAsync(t => t.Slug == wanted, ct))
        {
            await Send.ResultAsync(Writes.SlugTaken(wanted));
            return;
        }
        req.ApplyTo(author);
        author.Slug = req.Slug ?? author.Slug;
        author.UpdatedAt = DateTime.UtcNow;
        if (await db.TrySaveAsync(author.Slug, ct) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        await Send.OkAsync(await AuthorReader.ReadAsync(db, author.Id, ct), ct);
    }
}
