using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Authors;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Authors.Delete;

sealed class Endpoint(ArticlesDb db) : Endpoint<ConditionalDelete>
{
    public override void Configure()
    {
        Delete("/authors/{idOrSlug}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Editors);
        Description(b => b.Produces(204).ProducesDeleteProblems());
        Summary(s =>
        {
            s.Summary = "Delete an author (editor, admin)";
            s.ExampleRequest = new { id = "sofia-marchetti" };
            s.Description = "Needs If-Match. An author still credited on articles (trashed ones included), or that an active API key "
                + "acts as, cannot be deleted: 409 says which and how many (an admin revokes such keys first: `DELETE /api/v1/keys/{id}`). "
                + "Revoked keys do not stand in the way: they keep the deleted author's id and name (`formerAuthor`).";
        });
    }

    public override async Task HandleAsync(ConditionalDelete req, CancellationToken ct)
    {
        var author = await db.FindByIdOrSlugAsync<Author>(req.IdOrSlug, ct);
        var refused = author is null ? new WriteRefusal.NotFound("author", req.IdOrSlug)
            : await CurrentAuthor.CheckIfMatchAsync(db, author.Id, req.IfMatch, HttpContext.DeclaredIfMatch(), ct)
              ?? await InUseAsync(author, ct)
              ?? await DeleteAsync(author, ct);
        await (refused is null ? Send.NoContentAsync(ct) : Send.RefusalAsync(refused));
    }

    /// An author still credited on an article (trashed ones too) or acted as by an active API key stays: the
    /// key would lose whom it acts as, and revoking keys is an admin's decision, not a side effect of an edit.
    async Task<WriteRefusal?> InUseAsync(Author author, CancellationToken ct)
    {
        var articles = await db.ArticleAuthors.CountAsync(x => x.AuthorId == author.Id, ct);
        var keys = await db.ApiKeys.Where(k => k.AuthorId == author.Id && k.RevokedAt == null).Select(k => k.Id).ToListAsync(ct);
        List<string> reasons = [];
        if (articles > 0)
            reasons.Add($"is still credited on {articles} article(s), trashed ones included: remove them from those articles first");
        if (keys.Count > 0)
            reasons.Add($"is acted as by {keys.Count} active API key(s) ({string.Join(", ", keys)}): an admin revokes them first (DELETE /api/v1/keys/{{id}})");
        return reasons.Count == 0 ? null : new WriteRefusal.InUse($"The author '{author.Slug}' {string.Join("; and ", reasons)}.");
    }

    /// Revoked keys let go of the author in the same transaction; the foreign key still refuses the delete
    /// (409) should an active key or an article credit have appeared meanwhile.
    async Task<WriteRefusal?> DeleteAsync(Author author, CancellationToken ct)
    {
        foreach (var key in await db.ApiKeys.Where(k => k.AuthorId == author.Id && k.RevokedAt != null).ToListAsync(ct))
            key.ForgetAuthor(author);
        return await db.DeleteAsync(author, ct);
    }
}
