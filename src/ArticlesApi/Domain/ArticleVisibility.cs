using System.Linq.Expressions;
using LinqKit;

namespace ArticlesApi.Domain;

public static class ArticleVisibility
{
    /// What anonymous readers may see: published (or scheduled and due), not in the trash.
    /// A scheduled article becomes visible by itself when its time comes; ScheduledPublication stores
    /// its status as published a little later, for the published-article counts only.
    public static Expression<Func<Article, bool>> PublicAt(DateTime now)
    {
        Expression<Func<Article, bool>> visible = a => Public.Invoke(a, now);
        return visible.Expand();
    }

    /// The same rule with the time as a parameter, for queries compiled once (LinqKit's Invoke and Expand
    /// inline it).
    public static readonly Expression<Func<Article, DateTime, bool>> Public = (a, now) =>
        a.DeletedAt == null
        && (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled)
        && a.PublishedAt != null && a.PublishedAt <= now;

    /// The status a reader sees: a scheduled article whose time has come reads as published.
    public static ArticleStatus EffectiveStatus(ArticleStatus stored, DateTime? publishedAt, DateTime now) =>
        stored == ArticleStatus.Scheduled && publishedAt <= now ? ArticleStatus.Published : stored;
}
