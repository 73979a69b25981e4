using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles.Revisions;
using ArticlesApi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Articles.Restore;

sealed class Request : ActionRequest;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{idOrSlug}/restore");
        Definition.Declare(ConditionalWrite.IfMatchOptional, IdempotentPost.Instance);
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultAccepts().Produces<ArticleResponse>(200).ProducesProblems(401, 403, 404, 409, 412, 422));
        Summary(s =>
        {
            s.Summary = "Restore an article from the trash";
            s.ExampleRequest = ArticleExamples.Restore;
            s.Description = "The article comes back with the status it had. Restoring an article that is not in the trash changes nothing. "
                + "A taken-down article comes back only by an admin's restore (editors: 403), with the status it had before the takedown.";
            s.Responses[403] = "The key may not change this article, or the article was taken down and the key is not an admin's.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: true, ct);
        var caller = Caller.From(User);
        ArticleStatus? before = null;
        var refused = await ArticleAccess.ChangeAsync(db, caller, article, req, HttpContext.DeclaredIfMatch(), a =>
        {
            a.DeletedAt = null;
            if (before is { } status)
                (a.Status, a.RevisionAction) = (status, RevisionActions.TakedownLifted);
        }, ct, async a =>
        {
            if (a.Status != ArticleStatus.TakenDown)
                return null;
            if (caller.Role != Role.Admin)
                return new WriteRefusal.Forbidden("Only an admin brings back a taken-down article.");
            before = await StatusBeforeTakedownAsync(a.Id, ct);
            return null;
        });
        await (refused is null ? Send.OkAsync(await CurrentArticle.ReadAsync(db, article!.Id, ct), ct) : Send.RefusalAsync(refused));
    }

    /// The status the article had when it was taken down (its revision before the last takedown); draft if unknown.
    async Task<ArticleStatus> StatusBeforeTakedownAsync(Guid id, CancellationToken ct)
    {
        var takedown = await db.ArticleRevisions.Where(r => r.ArticleId == id && r.Action == RevisionActions.TakenDown).MaxAsync(r => (int?)r.Number, ct);
        var snapshot = await db.ArticleRevisions.Where(r => r.ArticleId == id && r.Number < takedown).OrderByDescending(r => r.Number)
            .Select(r => r.Snapshot).FirstOrDefaultAsync(ct);
        return snapshot is not null && Enum.TryParse<ArticleStatus>(ArticleRevisionReads.ArticleOf(snapshot).Status, ignoreCase: true, out var status)
            && status != ArticleStatus.TakenDown ? status : ArticleStatus.Draft;
    }
}
