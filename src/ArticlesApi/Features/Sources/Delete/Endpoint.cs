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

sealed class Endpoint(ArticlesDb db) : Endpoint<ConditionalDelete>
{
    public override void Configure()
    {
        Delete("/sources/{idOrSlug}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Editors);
        Description(b => b.Produces(204).ProducesDeleteProblems());
        Summary(s =>
        {
            s.Summary = "Delete a source (editor, admin)";
            s.ExampleRequest = new { id = "osservatorio-mediterraneo-sulle-migrazioni" };
            s.Description = "Needs If-Match. A source that articles still cite (trashed articles included) cannot be deleted: 409.";
        });
    }

    public override async Task HandleAsync(ConditionalDelete req, CancellationToken ct)
    {
        var source = await db.FindByIdOrSlugAsync<Source>(req.IdOrSlug, ct);
        var refused = source is null ? new WriteRefusal.NotFound("source", req.IdOrSlug)
            : Preconditions.Check(req.IfMatch, await CurrentSource.FindAsync(db, source.Id, ct), HttpContext.DeclaredIfMatch())
              ?? await InUseAsync(source, ct)
              ?? await db.DeleteAsync(source, ct);
        await (refused is null ? Send.NoContentAsync(ct) : Send.RefusalAsync(refused));
    }

    /// Citations keep their source: a source still cited, even by a trashed article, stays.
    async Task<WriteRefusal?> InUseAsync(Source source, CancellationToken ct)
    {
        var citingArticles = await db.Citations.Where(c => c.SourceId == source.Id).Select(c => c.ArticleId).Distinct().CountAsync(ct);
        return citingArticles == 0 ? null : new WriteRefusal.InUse(
            $"The source '{source.Slug}' is still cited by {citingArticles} article(s), trashed ones included. Remove those citations first.");
    }
}
