using System.Linq.Expressions;
using LinqKit;

namespace ArticlesApi.Domain;

/// The one rule "an article is public" (docs/decisions/0019): `Public` for C# and EF queries, and the SQL
/// function `article_is_public(status, deleted_at, published_at, at)` (migration OneVisibilityRule) for raw
/// SQL, the count triggers and the content-change backfill. ArticleVisibilityTests checks that both agree.
public static class ArticleVisibility
{
    /// What anonymous readers may see: published (or scheduled and due), not in the trash.
    /// A scheduled article becomes visible by itself when its time comes; ScheduledPublication stores
    /// its status as published a little later, for the published-article counts.
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

    static readonly Func<Article, DateTime, bool> PublicRule = Public.Compile();

    /// Whether an article is public at `now`, in memory.
    public static bool IsPublic(Article article, DateTime now) => PublicRule(article, now);

    /// Whether an article in this state is public at `now`, in memory.
    public static bool IsPublic(ArticleStatus status, DateTime? publishedAt, DateTime? deletedAt, DateTime now) =>
        PublicRule(new Article
        {
            Slug = "", Title = "", Excerpt = "", Body = null!, Language = "",
            Status = status, PublishedAt = publishedAt, DeletedAt = deletedAt,
        }, now);

    /// The status a reader sees: a scheduled article whose time has come reads as published.
    public static ArticleStatus EffectiveStatus(ArticleStatus stored, DateTime? publishedAt, DateTime now) =>
        stored == ArticleStatus.Scheduled && publishedAt <= now ? ArticleStatus.Published : stored;
}
