using ArticlesApi.Data;
using ArticlesApi.Domain;
using Source = ArticlesApi.Domain.Source;
using ArticlesApi.Features.Sources;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Sources.Delete;

sealed class Request
{
    public Guid Id { get; init; }

    /// The ETag of the source being deleted: required.
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Endpoint(ArticlesDb db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/sources/{id:guid}");
        Roles(RoleNames.Editors);
        Description(b => b.Produces(204).ProducesDeleteProblems());
        Summary(s =>
        {
            s.Summary = "Delete a source (editor, admin)";
            s.Description = "Needs If-Match. A source that articles still cite (trashed articles included) cannot be deleted: 409.";
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
        var citingArticles = await db.Citations.Where(c => c.SourceId == source.Id).Select(c => c.ArticleId).Distinct().CountAsync(ct);
        if (citingArticles > 0)
        {
            await Send.ResultAsync(Problems.Conflict(
                $"The source '{source.Slug}' is still cited by {citingArticles} article(s), trashed ones included. Remove those citations first."));
            return;
        }
        db.Sources.Remove(source);
        if (await db.TrySaveAsync(source.Slug, ct) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        await Send.NoContentAsync(ct);
    }
}
