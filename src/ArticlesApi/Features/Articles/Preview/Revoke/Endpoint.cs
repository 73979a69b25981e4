using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Articles.Preview.Revoke;

sealed class Request
{
    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; init; } = "";
}

sealed class Endpoint(ArticlesDb db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/articles/{idOrSlug}/preview");
        Roles(RoleNames.Writers);
        Description(b => b.Produces(204).ProducesProblems(401, 403, 404));
        Summary(s =>
        {
            s.Summary = "End an article's preview link (those who may edit it)";
            s.ExampleRequest = ArticleExamples.EndPreview;
            s.Description = "Every preview link given out for the article stops working at once. 204 also when it had none.";
            s.Responses[204] = "The article has no working preview link.";
            s.Responses[404] = "No such article, or not one this key may edit.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: false, ct);
        var refused = article is null ? ArticleAccess.NotFound(req.IdOrSlug) : await ArticleAccess.CheckAsync(db, Caller.From(User), article, ct);
        if (refused is not null)
        {
            await Send.RefusalAsync(refused);
            return;
        }
        await db.ArticlePreviews.Where(p => p.ArticleId == article!.Id).ExecuteDeleteAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
