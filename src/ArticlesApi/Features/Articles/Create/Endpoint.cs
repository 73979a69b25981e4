using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Articles.Create;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles");
        Definition.Declare(IdempotentPost.Instance);
        Roles(RoleNames.Writers);
        Description(b => b.Produces<ArticleResponse>(201).ProducesCreateProblems());
        Summary(s =>
        {
            s.Summary = "Create an article (draft)";
            s.ExampleRequest = ArticleExamples.Create;
            s.Description = "Every new article is a draft; publish it with POST /articles/{id}/publish. Authors and tags are ids or slugs "
                + "(an unknown tag name creates the tag); citation sources are ids or slugs. Unknown references answer 400 naming the field "
                + "and nothing is written. Authors and contributors must be among the article's authors. The Markdown body is rendered "
                + "to sanitized HTML; excerpt (first paragraph), word count and reading time are computed. Tags keep their order (the first is "
                + "`primaryTag`). `translationOf` (id or slug) puts the article in that article's translation group: an article the caller "
                + "cannot read answers 400, a language the group already has 409 (`translation-language-taken`, naming `language` and "
                + "`translationOf`).";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var refs = await ArticleWriter.ResolveAsync(db, req, ValidationFailures, ct);
        var translated = await ArticleTranslations.ResolveAsync(db, req, Guid.Empty, ArticleViewer.Of(User), ValidationFailures, ct);
        var bodyContext = await ArticleMedia.ResolveAsync(db, Resolve<ArticlesApi.Features.Media.Storage.IMediaStorage>(), Resolve<BodyContext>(),
            req.Body?.Markdown, req.FeatureImage?.Media, ValidationFailures, ct, featureImageUrl: req.FeatureImage?.Url);
        ThrowIfAnyErrors();
        WriteRefusal? refused = !caller.ManagesAllArticles && !refs.AuthorIds.Contains(caller.AuthorId!.Value)
            ? new WriteRefusal.Forbidden("Authors and contributors may only create articles they co-author: list this key's author in 'authors'.")
            : req.Slug is { } wanted && await db.Articles.AnyAsync(a => a.Slug == wanted, ct) ? new WriteRefusal.SlugTaken(wanted)
            : null;
        if (refused is not null)
        {
            await Send.RefusalAsync(refused);
            return;
        }

        var article = new Article
        {
            Slug = req.Slug ?? await Writes.FreeSlugAsync(db.Articles.Select(a => a.Slug), req.Title, ct),
            Title = req.Title, Excerpt = "", Body = null!, Language = req.Language, Status = ArticleStatus.Draft,
        };
        ArticleWriter.ApplyFields(article, req, replacing: false, bodyContext);
        if (await ArticleTranslations.ApplyAsync(db, article, req, translated, ct) is { } inGroup)
        {
            await Send.RefusalAsync(inGroup);
            return;
        }
        db.Articles.Add(article);
        ArticleWriter.AddRelations(db, article.Id, req, refs);
        // One SaveChanges: one transaction for the article, its relations and any new tags.
        if (await db.TrySaveAsync(article.Slug, ct) is { } notSaved)
        {
            await Send.RefusalAsync(notSaved);
            return;
        }
        HttpContext.Response.Headers.Location = $"/api/v1/articles/{article.Id}";
        await Send.ResponseAsync(await CurrentArticle.ReadAsync(db, article.Id, ct), StatusCodes.Status201Created, ct);
    }
}
