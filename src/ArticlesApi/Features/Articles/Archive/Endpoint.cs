using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Articles.Archive;

sealed class Request : ActionRequest;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{idOrSlug}/archive");
        Definition.Declare(ConditionalWrite.IfMatchOptional, IdempotentPost.Instance);
        Roles(RoleNames.Author, RoleNames.Editor, RoleNames.Admin);
        Description(b => b.ClearDefaultAccepts().Produces<ArticleResponse>(200).ProducesProblems(401, 403, 404, 409, 412, 422));
        Summary(s =>
        {
            s.Summary = "Archive an article (author, editor, admin)";
            s.ExampleRequest = ArticleExamples.Archive;
            s.Description = "Status `archived`: the article is kept, out of the trash, but leaves public reads and lists (anonymous callers get 404, "
                + "as for a draft); keys list it with `status=archived`. Its publishedAt is kept: publishing it again restores its date. "
                + "Archiving an archived article changes nothing.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: false, ct);
        var refused = await ArticleAccess.ChangeAsync(db, Caller.From(User), article, req, HttpContext.DeclaredIfMatch(),
            a => a.Status = ArticleStatus.Archived, ct);
        await (refused is null ? Send.OkAsync(await CurrentArticle.ReadAsync(db, article!.Id, ct), ct) : Send.RefusalAsync(refused));
    }
}
