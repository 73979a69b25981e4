using ArticlesApi.Data;
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
            s.Description = "The article comes back with the status it had. Restoring an article that is not in the trash changes nothing.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: true, ct);
        var refused = await ArticleAccess.ChangeAsync(db, Caller.From(User), article, req, HttpContext.DeclaredIfMatch(),
            a => a.DeletedAt = null, ct);
        await (refused is null ? Send.OkAsync(await CurrentArticle.ReadAsync(db, article!.Id, ct), ct) : Send.RefusalAsync(refused));
    }
}
