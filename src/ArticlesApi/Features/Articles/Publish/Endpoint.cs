using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Articles.Publish;

sealed class Endpoint(ArticlesDb db, TimeProvider time) : Endpoint<Request, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{idOrSlug}/publish");
        Definition.Declare(ConditionalWrite.IfMatchOptional, IdempotentPost.Instance);
        Roles(RoleNames.Author, RoleNames.Editor, RoleNames.Admin);
        Description(b => b.ClearDefaultAccepts()
            .Produces<ArticleResponse>(200).ProducesProblems(400, 401, 403, 404, 409, 412, 422));
        Summary(s =>
        {
            s.Summary = "Publish or schedule an article (author, editor, admin)";
            s.Responses[409] = "The article was taken down (`taken-down`: only an admin's restore brings it back), or a request with the same Idempotency-Key is still running.";
            s.ExampleRequest = ArticleExamples.Publish;
            s.Description = "Optional body `{ \"publishAt\": \"2030-01-01T08:00:00Z\" }`: a future time schedules the article (status "
                + "`scheduled`), a past one publishes it with that date. Without it, a republished article keeps its first publishedAt. "
                + "Authors publish only articles they co-author; contributors cannot publish.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: false, ct);
        var refused = await ArticleAccess.ChangeAsync(db, Caller.From(User), article, req, HttpContext.DeclaredIfMatch(), a =>
        {
            a.PublishedAt = req.PublishAt?.UtcDateTime ?? a.PublishedAt ?? now;
            a.Status = a.PublishedAt > now ? ArticleStatus.Scheduled : ArticleStatus.Published;
        }, ct);
        await (refused is null ? Send.OkAsync(await CurrentArticle.ReadAsync(db, article!.Id, ct), ct) : Send.RefusalAsync(refused));
    }
}
