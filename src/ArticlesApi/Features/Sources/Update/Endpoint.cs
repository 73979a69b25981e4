using ArticlesApi.Data;
using ArticlesApi.Domain;
using Source = ArticlesApi.Domain.Source;
using ArticlesApi.Features.Sources;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Sources.Update;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, SourceResponse>
{
    public override void Configure()
    {
        Put("/sources/{id:guid}");
        Roles(RoleNames.Editors);
        Description(b => b.Produces<SourceResponse>(200).ProducesReplaceProblems());
        Summary(s =>
        {
            s.Summary = "Replace a source (editor, admin)";
            s.Description = "Needs If-Match with the source's current ETag. A slug that is not given stays as it is.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (source, failed) = await db.LoadForWriteAsync<Source>(req.Id, HttpContext, id => SourceReader.ReadBoxedAsync(db, id, ct), ct);
        if (source is null)
        {
            await Send.ResultAsync(failed!);
            return;
        }
        if (req.Slug is { } wanted && wanted != source.Slug && await db.Sources.AnyAsync(t => t.Slug == wanted, ct))
        {
            await Send.ResultAsync(Writes.SlugTaken(wanted));
            return;
        }
        req.ApplyTo(source);
        source.Slug = req.Slug ?? source.Slug;
        source.UpdatedAt = DateTime.UtcNow;
        if (await db.TrySaveAsync(source.Slug, ct) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        await Send.OkAsync(await SourceReader.ReadAsync(db, source.Id, ct), ct);
    }
}
