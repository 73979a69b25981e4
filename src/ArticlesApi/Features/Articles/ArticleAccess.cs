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
    /// The article to change by id or slug (a key that reads as a UUID is only ever an id), tracked. Trashed
    /// articles are found only when asked for (restore, permanent delete).
    public static Task<Article?> FindAsync(ArticlesDb db, string idOrSlug, bool includeTrashed, CancellationToken ct) =>
        Guid.TryParse(idOrSlug, out var id)
            ? db.Articles.SingleOrDefaultAsync(a => a.Id == id && (includeTrashed || a.DeletedAt == null), ct)
            : db.Articles.SingleOrDefaultAsync(a => a.Slug == idOrSlug && (includeTrashed || a.DeletedAt == null), ct);

    /// Why the caller may not change the article as asked, or null: its rights first, then If-Match against
    /// the current representation (a caller who may not see the article learns nothing from a 412). The row
    /// (and its row version) was read first: a change committed before the representation is read fails the
    /// If-Match check, and one committed after fails the row-version check on save.
    public static async Task<WriteRefusal?> RefuseAsync(ArticlesDb db, Caller caller, Article article, string? ifMatch, IfMatchRule rule,
        CancellationToken ct) =>
        await CheckAsync(db, caller, article, ct) ?? Precondition(ifMatch, await CurrentArticle.FindAsync(db, article.Id, ct), rule);

    /// If-Match against the current article: the ETag of any of its representations, whichever body `formats` it
    /// was read with (ArticleETags), names the current version.
    public static WriteRefusal? Precondition(string? ifMatch, ArticleResponse? current, IfMatchRule rule) =>
        Preconditions.Check(ifMatch, current is null ? [] : ArticleETags.OfEveryFormats(current), rule);

    /// An editorial action (publish, unpublish, restore) on the article `request` names (found by FindAsync), saved;
    /// null when made. `refuse`: what the action's own rules say of the article once the caller may change it; by
    /// default a taken-down article is refused (only an admin's restore changes it).
    public static async Task<WriteRefusal?> ChangeAsync(ArticlesDb db, Caller caller, Article? article, ActionRequest request, IfMatchRule rule,
        Action<Article> change, CancellationToken ct, Func<Article, Task<WriteRefusal?>>? refuse = null)
    {
        if (article is null)
            return NotFound(request.IdOrSlug);
        if (await RefuseAsync(db, caller, article, request.IfMatch, rule, ct) is { } refused)
            return refused;
        if (await (refuse ?? (a => Task.FromResult(NotTakenDown(a))))(article) is { } notNow)
            return notNow;
        change(article);
        article.UpdatedAt = db.Clock.GetUtcNow().UtcDateTime;
        return await db.TrySaveAsync(article.Slug, ct);
    }

    /// Whether the caller may change this article at all (before If-Match).
    public static async Task<WriteRefusal?> CheckAsync(ArticlesDb db, Caller caller, Article article, CancellationToken ct)
    {
        if (caller.ManagesAllArticles)
            return null;
        var coAuthor = await db.ArticleAuthors.AnyAsync(x => x.ArticleId == article.Id && x.AuthorId == caller.AuthorId, ct);
        if (!coAuthor)
            return ArticleVisibility.IsPublic(article, db.Clock.GetUtcNow().UtcDateTime)
                ? new WriteRefusal.Forbidden("This API key may only change articles its author co-authors.")
                : NotFound(article.Id.ToString());
        if (caller.Role == Role.Contributor && article.Status != ArticleStatus.Draft)
            return new WriteRefusal.Forbidden("Contributors may only change drafts; this article has been published or scheduled.");
        return null;
    }

    /// A taken-down article is not published, unpublished, edited or corrected: only an admin's restore changes it.
    public static WriteRefusal? NotTakenDown(Article article) =>
        article.Status == ArticleStatus.TakenDown ? new WriteRefusal.TakenDown(article.Slug) : null;

    public static WriteRefusal NotFound(string idOrSlug) => new WriteRefusal.NotFound("article", idOrSlug);
}
