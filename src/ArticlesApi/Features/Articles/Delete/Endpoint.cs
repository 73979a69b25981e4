using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Articles.Delete;

sealed class Request
{
    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; init; } = "";

    /// true: delete for good, trash included (admin only). Otherwise the article moves to the trash.
    [QueryParam]
    public bool Permanent { get; init; }

    /// The ETag of the article being deleted: required ("*" for an article in the trash, which reads do not show).
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Endpoint(ArticlesDb db, TimeProvider time) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/articles/{idOrSlug}");
        Definition.Declare(ConditionalWrite.IfMatchRequired with { Note = "An article in the trash (which reads do not show) takes `*`." });
        Roles(RoleNames.Writers);
        Description(b => b.Produces(204).ProducesDeleteProblems().ProducesProblems(400));
        Summary(s =>
        {
            s.Summary = "Move an article to the trash, or delete it for good";
            s.ExampleRequest = ArticleExamples.Delete;
            s.Description = "Needs If-Match. Without `permanent=true` the article goes to the trash: gone from reads, restorable with "
                + "POST /articles/{id}/restore. `permanent=true` (admin only) deletes it and its relations for good.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (req.Permanent && caller.Role != Role.Admin)
        {
            await Send.RefusalAsync(new WriteRefusal.Forbidden(
                "Only admin keys may delete articles permanently; without permanent=true the article goes to the trash."));
            return;
        }
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: req.Permanent, ct);
        var refused = article is null ? ArticleAccess.NotFound(req.IdOrSlug)
            : await ArticleAccess.RefuseAsync(db, caller, article, req.IfMatch, HttpContext.DeclaredIfMatch(), ct)
              ?? await DeleteAsync(article, req.Permanent, ct);
        await (refused is null ? Send.NoContentAsync(ct) : Send.RefusalAsync(refused));
    }

    /// To the trash, or for good (its relations go with it).
    Task<WriteRefusal?> DeleteAsync(Article article, bool permanent, CancellationToken ct)
    {
        if (permanent)
            db.Articles.Remove(article);
        else
            article.DeletedAt = article.UpdatedAt = time.GetUtcNow().UtcDateTime;
        return db.TrySaveAsync(article.Slug, ct);
    }
}
