using System.Linq.Expressions;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles;

/// The articles a viewer may see, as LINQ built per request: every read by a key, and the public's
/// filtered lists and searches. The public's most frequent reads are compiled twins next to their endpoints
/// (Get/CompiledPublicRead, List/CompiledFrontPage), inlining the same visibility rule and projection.
public static class ReadableArticles
{
    /// Articles a viewer may read; the trash is never among them.
    public static IQueryable<Article> Readable(this ArticlesDb db, DateTime now, ArticleViewer viewer)
    {
        var articles = db.Articles.AsNoTracking();
        if (viewer.SeesAll)
            return articles.Where(a => a.DeletedAt == null);
        if (viewer.OwnAuthorId is { } authorId)
        {
            Expression<Func<Article, bool>> publicOrOwn = a => a.DeletedAt == null
                && (ArticleVisibility.Public.Invoke(a, now) || a.Authors.Any(x => x.AuthorId == authorId));
            return articles.Where(publicOrOwn.Expand());
        }
        return articles.Where(ArticleVisibility.PublicAt(now));
    }

    /// The trash, for those who may restore from it: editors and admins all of it, authors and contributors the
    /// articles they co-author; nobody else (the list refuses status=trashed without such a key).
    public static IQueryable<Article> Trash(this ArticlesDb db, ArticleViewer viewer)
    {
        var trashed = db.Articles.AsNoTracking().Where(a => a.DeletedAt != null);
        return viewer.SeesAll ? trashed
            : viewer.OwnAuthorId is { } authorId ? trashed.Where(a => a.Authors.Any(x => x.AuthorId == authorId))
            : trashed.Where(a => false);
    }

    /// Keeps the articles whose status, as readers see it, is one of those given
    /// (a scheduled article whose time has come counts as published).
    public static IQueryable<Article> WithStatus(this IQueryable<Article> articles, IReadOnlySet<ArticleStatus> statuses, DateTime now)
    {
        bool published = statuses.Contains(ArticleStatus.Published), scheduled = statuses.Contains(ArticleStatus.Scheduled),
            draft = statuses.Contains(ArticleStatus.Draft), archived = statuses.Contains(ArticleStatus.Archived);
        Expression<Func<Article, bool>> withStatus = a =>
            (published && ArticleVisibility.Public.Invoke(a, now))
            || (scheduled && a.Status == ArticleStatus.Scheduled && a.PublishedAt > now)
            || (draft && a.Status == ArticleStatus.Draft)
            || (archived && a.Status == ArticleStatus.Archived);
        return articles.Where(withStatus.Expand());
    }
}
