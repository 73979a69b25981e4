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
        Delete("/authors/{id:guid}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Editors);
        Description(b => b.Produces(204).ProducesDeleteProblems());
        Summary(s =>
        {
            s.Summary = "Delete an author (editor, admin)";
            s.ExampleRequest = new { id = "sofia-marchetti" };
            s.Description = "Needs If-Match. An author still credited on articles (trashed ones included), or that API keys act as, cannot be deleted: 409.";
        });
    }

    public override async Task HandleAsync(ConditionalDelete req, CancellationToken ct)
    {
        var author = await db.Authors.FindAsync([req.Id], ct);
        var refused = author is null ? new WriteRefusal.NotFound("author", req.Id)
            : Preconditions.Check(req.IfMatch, await CurrentAuthor.FindAsync(db, req.Id, ct), HttpContext.DeclaredIfMatch())
              ?? await InUseAsync(author, ct)
              ?? await db.DeleteAsync(author, ct);
        await (refused is null ? Send.NoContentAsync(ct) : Send.RefusalAsync(refused));
    }

    /// An author still credited on an article (trashed ones too) or acted as by an API key stays.
    async Task<WriteRefusal?> InUseAsync(Author author, CancellationToken ct)
    {
        var articles = await db.ArticleAuthors.CountAsync(x => x.AuthorId == author.Id, ct);
        var keys = await db.ApiKeys.CountAsync(k => k.AuthorId == author.Id, ct);
        if (articles > 0)
            return new WriteRefusal.InUse($"The author '{author.Slug}' is still credited on {articles} article(s), trashed ones included. Remove them from those articles first.");
        return keys > 0
            ? new WriteRefusal.InUse($"{keys} API key(s) act as the author '{author.Slug}'. Keys keep their author even when revoked, so this author cannot be deleted.")
            : null;
    }
}
