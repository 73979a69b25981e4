using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Articles.Update;

sealed class Endpoint(ArticlesDb db, TimeProvider time) : Endpoint<Request, ArticleResponse>
{
    public override void Configure()
    {
        Put("/articles/{id:guid}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Writers);
        Description(b => b.Produces<ArticleResponse>(200).ProducesReplaceProblems());
        Summary(s =>
        {
            s.Summary = "Replace an article's editable fields";
            s.ExampleRequest = ArticleExamples.Italian;
            s.Description = "Needs If-Match with the article's current ETag (428 without, 412 when stale). Status and publishedAt change only "
                + "through publish/unpublish. A slug not given stays as it is. Authors may edit the articles they co-author, contributors "
                + "their drafts; others' unpublished articles answer 404, others' public ones 403.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (article, failed) = await ArticleAccess.LoadForWriteAsync(db, HttpContext, req.Id, includeTrashed: false, ifMatchRequired: true, ct);
        if (article is null)
        {
            await Send.ResultAsync(failed!);
            return;
        }
        var caller = Caller.From(User);
        var refs = await ArticleWriter.ResolveAsync(db, req, ValidationFailures, ct);
        ThrowIfAnyErrors();
        if (!caller.ManagesAllArticles && !refs.AuthorIds.Contains(caller.AuthorId!.Value))
        {
            await Send.ResultAsync(Problems.Forbidden("Authors and contributors cannot remove their own author from an article."));
            return;
        }
        if (req.Slug is { } wanted && wanted != article.Slug && await db.Articles.AnyAsync(a => a.Slug == wanted, ct))
        {
            await Send.ResultAsync(Writes.SlugTaken(wanted));
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        ArticleWriter.ApplyFields(article, req);
        article.Slug = req.Slug ?? article.Slug;
        article.UpdatedAt = time.GetUtcNow().UtcDateTime;
        // The article row first: its row-version check (and row lock) decides between concurrent
        // writers before any relation is touched.
        var problem = await db.TrySaveAsync(article.Slug, ct);
        if (problem is null)
        {
            await db.ArticleAuthors.Where(x => x.ArticleId == article.Id).ExecuteDeleteAsync(ct);
            await db.ArticleTags.Where(x => x.ArticleId == article.Id).ExecuteDeleteAsync(ct);
            await db.Citations.Where(x => x.ArticleId == article.Id).ExecuteDeleteAsync(ct);
            ArticleWriter.AddRelations(db, article.Id, req, refs);
            problem = await db.TrySaveAsync(article.Slug, ct);
        }
        if (problem is not null)
        {
            await Send.ResultAsync(problem);
            return;
        }
        await transaction.CommitAsync(ct);
        await Send.OkAsync(await CurrentArticle.ReadAsync(db, article.Id, ct), ct);
    }
}
