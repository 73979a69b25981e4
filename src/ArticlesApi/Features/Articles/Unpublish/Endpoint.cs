using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Articles.Unpublish;

sealed class Request : ActionRequest;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{idOrSlug}/unpublish");
        Definition.Declare(ConditionalWrite.IfMatchOptional, IdempotentPost.Instance);
        Roles(RoleNames.Author, RoleNames.Editor, RoleNames.Admin);
        Description(b => b.ClearDefaultAccepts().Produces<ArticleResponse>(200).ProducesProblems(401, 403, 404, 409, 412, 422));
        Summary(s =>
        {
            s.Summary = "Unpublish an article: back to draft (author, editor, admin)";
            s.Responses[409] = "The article was taken down (`taken-down`: only an admin's restore brings it back), or a request with the same Idempotency-Key is still running.";
            s.ExampleRequest = ArticleExamples.Unpublish;
            s.Description = "The article leaves public reads. Its publishedAt is kept, so publishing it again restores its original date.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: false, ct);
        var refused = await ArticleAccess.ChangeAsync(db, Caller.From(User), article, req, HttpContext.DeclaredIfMatch(),
            a => a.Status = ArticleStatus.Draft, ct);
        await (refused is null ? Send.OkAsync(await CurrentArticle.ReadAsync(db, article!.Id, ct), ct) : Send.RefusalAsync(refused));
    }
}
