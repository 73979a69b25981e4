using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles;

/// Who may change which article. Editors and admins: all. Authors: the articles they co-author.
/// Contributors: the drafts they co-author. An article the caller may not touch answers 404 when the
/// public cannot see it either (its existence is not leaked), 403 when it is public anyway.
public static class ArticleAccess
{
    /// The article to change, tracked, once the caller's rights and If-Match have been checked, in
    /// that order (a caller who may not see the article learns nothing from a 412). Trashed articles
    /// are found only when asked for (restore, permanent delete).
    public static async Task<(Article? Article, IResult? Problem)> LoadForWriteAsync(ArticlesDb db, HttpContext http, Guid id,
        bool includeTrashed, bool ifMatchRequired, CancellationToken ct)
    {
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == id && (includeTrashed || a.DeletedAt == null), ct);
        if (article is null)
            return (null, NotFound(id));
        if (await CheckAsync(db, Caller.From(http.User), article, ct) is { } denied)
            return (null, denied);
        var current = await CurrentArticle.ReadAsync(db, id, ct);
        var failed = ifMatchRequired ? Preconditions.Require(http, current) : Preconditions.Optional(http, current);
        return failed is null ? (article, null) : (null, failed);
    }

    /// An editorial action (publish, unpublish, restore): If-Match optional, the changed representation back.
    public static async Task<(ArticleResponse? Article, IResult? Problem)> ChangeAsync(ArticlesDb db, HttpContext http, Guid id,
        bool includeTrashed, Action<Article> change, CancellationToken ct)
    {
        var (article, failed) = await LoadForWriteAsync(db, http, id, includeTrashed, ifMatchRequired: false, ct);
        if (article is null)
            return (null, failed);
        change(article);
        article.UpdatedAt = db.Clock.GetUtcNow().UtcDateTime;
        return await db.TrySaveAsync(article.Slug, ct) is { } problem ? (null, problem) : (await CurrentArticle.ReadAsync(db, id, ct), null);
    }

    public static async Task<IResult?> CheckAsync(ArticlesDb db, Caller caller, Article article, CancellationToken ct)
    {
        if (caller.ManagesAllArticles)
            return null;
        var coAuthor = await db.ArticleAuthors.AnyAsync(x => x.ArticleId == article.Id && x.AuthorId == caller.AuthorId, ct);
        if (!coAuthor)
            return ArticleVisibility.IsPublic(article, db.Clock.GetUtcNow().UtcDateTime)
                ? Problems.Forbidden("This API key may only change articles its author co-authors.")
                : NotFound(article.Id);
        if (caller.Role == Role.Contributor && article.Status != ArticleStatus.Draft)
            return Problems.Forbidden("Contributors may only change drafts; this article has been published or scheduled.");
        return null;
    }

    public static IResult NotFound(Guid id) => Problems.NotFound($"No article with id '{id}'.");
}
