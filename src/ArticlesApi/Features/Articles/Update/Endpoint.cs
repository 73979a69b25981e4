using ArticlesApi.Data;
using ArticlesApi.Domain;
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
        Put("/articles/{idOrSlug}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Writers);
        Description(b => b.Produces<ArticleResponse>(200).ProducesReplaceProblems());
        Summary(s =>
        {
            s.Summary = "Replace an article's editable fields";
            s.Responses[409] = "The slug is taken (`slug-taken`), a new tag's name looks like an existing tag's (`look-alike-tag`), "
                + "or the article was taken down (`taken-down`: only an admin's restore brings it back).";
            s.ExampleRequest = ArticleExamples.Update;
            s.Description = "Needs If-Match with the article's current ETag (428 without, 412 when stale). Status and publishedAt change only "
                + "through publish/unpublish. A slug not given stays as it is. Authors may edit the articles they co-author, contributors "
                + "their drafts; others' unpublished articles answer 404, others' public ones 403. The article as GET answers it can be sent "
                + "back as it is: read-only members are ignored, except `id`, `status`, `publishedAt`, `body.html` and `body.text`, "
                + "which must be left out or hold their current values (400 otherwise); authors, tags and citation sources may be "
                + "the objects reads embed. An excerpt sent back unchanged keeps its kind (`excerptIsCustom`): an automatic one "
                + "follows the new body. If-Match takes the ETag of the article read with any `formats`. `kind` and `featured` not given stay as they "
                + "are; `translationOf` not given keeps the translation group, `null` leaves it, an id or slug joins that article's group "
                + "(a language the group already has answers 409, also when the language changes); `translations` and `primaryTag` are "
                + "read-only and ignored.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: false, ct);
        var refused = article is null ? ArticleAccess.NotFound(req.IdOrSlug)
            : await ArticleAccess.CheckAsync(db, Caller.From(User), article, ct) ?? await ReplaceAsync(article, req, ct);
        await (refused is null ? Send.OkAsync(await CurrentArticle.ReadAsync(db, article!.Id, ct), ct) : Send.RefusalAsync(refused));
    }

    async Task<WriteRefusal?> ReplaceAsync(Article article, Request req, CancellationToken ct)
    {
        // The representation If-Match is checked against, and the read-only members of the body too.
        var current = await CurrentArticle.FindAsync(db, article.Id, ct);
        if ((ArticleAccess.Precondition(req.IfMatch, current, HttpContext.DeclaredIfMatch()) ?? ArticleAccess.NotTakenDown(article)) is { } notNow)
            return notNow;
        var caller = Caller.From(User);
        var refs = await ArticleWriter.ResolveAsync(db, req, ValidationFailures, ct);
        var translated = await ArticleTranslations.ResolveAsync(db, req, article.Id, ArticleViewer.Of(User), ValidationFailures, ct);
        var bodyContext = await ArticleMedia.ResolveAsync(db, Resolve<ArticlesApi.Features.Media.Storage.IMediaStorage>(), Resolve<BodyContext>(),
            req.Body?.Markdown, req.FeatureImage?.Media, ValidationFailures, ct, featureImageUrl: req.FeatureImage?.Url);
        ThrowIfAnyErrors();
        if (!caller.ManagesAllArticles && !refs.AuthorIds.Contains(caller.AuthorId!.Value))
            return new WriteRefusal.Forbidden("Authors and contributors cannot remove their own author from an article.");
        if (req.Slug is { } wanted && wanted != article.Slug && await db.Articles.AnyAsync(a => a.Slug == wanted, ct))
            return new WriteRefusal.SlugTaken(wanted);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        ArticleWriter.ApplyFields(article, req, replacing: true, bodyContext);
        ArticleWriter.CheckReadOnly(req, current!, article, ValidationFailures);
        ThrowIfAnyErrors();
        article.Slug = req.Slug ?? article.Slug;
        article.UpdatedAt = time.GetUtcNow().UtcDateTime;
        if (await ArticleTranslations.ApplyAsync(db, article, req, translated, ct) is { } inGroup)
            return inGroup;
        // The article row first: its row-version check (and row lock) decides between concurrent
        // writers before any relation is touched.
        var refused = await db.TrySaveAsync(article.Slug, ct);
        if (refused is null)
        {
            await ArticleWriter.ReplaceRelationsAsync(db, article.Id, req, refs, ct);
            refused = await db.TrySaveAsync(article.Slug, ct);
        }
        if (refused is null)
            await transaction.CommitAsync(ct);
        return refused;
    }
}
