using System.ComponentModel;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using FluentValidation;

namespace Articles.Takedown;

[Description("Why the article is taken down.")]
sealed class Request : ActionRequest
{
    /// Why (a court order, a legal complaint): recorded with the key that took the article down, seen by editors and admins in its revisions.
    public string Reason { get; init; } = "";
}

sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(2000);
}

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{idOrSlug}/takedown");
        Definition.Declare(ConditionalWrite.IfMatchOptional, IdempotentPost.Instance);
        Roles(RoleNames.Editors);
        Description(b => b.Produces<ArticleResponse>(200).ProducesProblems(400, 401, 403, 404, 409, 412, 422));
        Summary(s =>
        {
            s.Summary = "Take an article down (editor, admin)";
            s.ExampleRequest = ArticleExamples.Takedown;
            s.Description = "A legal removal, not the trash: the article's status becomes `takenDown`; it answers 410 Gone to everyone but "
                + "editors and admins, leaves every list, search, feed and cache at once, and the change feed shows it `deleted` to the "
                + "public. Publish, unpublish, PUT, corrections and revision restores answer 409 until an admin's "
                + "POST /articles/{id}/restore brings it back with the status it had. The reason and the key are recorded in its revisions "
                + "(action `takenDown`).";
            s.Responses[200] = "The article as editors now read it (status `takenDown`).";
            s.Responses[404] = "No such article.";
            s.Responses[409] = "The article is already taken down (`taken-down`), or a request with the same Idempotency-Key is still running.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // The trash included: a trashed article taken down does not come back with a plain restore.
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: true, ct);
        var refused = await ArticleAccess.ChangeAsync(db, Caller.From(User), article, req, HttpContext.DeclaredIfMatch(),
            a => (a.Status, a.RevisionAction, a.RevisionNote) = (ArticleStatus.TakenDown, RevisionActions.TakenDown, req.Reason.Trim()), ct);
        await (refused is null ? Send.OkAsync(await CurrentArticle.ReadAsync(db, article!.Id, ct), ct) : Send.RefusalAsync(refused));
    }
}
