using System.Linq.Expressions;
using System.Security.Claims;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Auth;
using LinqKit;

namespace ArticlesApi.Features.Tags;

/// Tags reach the public only through published content: an article write may create a tag (an
/// unknown name), and a contributor's draft must not announce its topics. Anonymous callers read
/// the tags of at least one public article (published, or scheduled and due; out of the trash);
/// any other tag answers 404 to them, as a draft does. Keys, which write articles and pick their
/// tags, read every tag.
public static class TagReads
{
    /// `now`: the stored count counts every article public at some time; at least one must be public at `now`.
    public static IQueryable<Tag> Readable(ArticlesDb db, ClaimsPrincipal user, DateTime now)
    {
        if (Caller.KeyIdOf(user) is not null)
            return db.Tags;
        Expression<Func<Tag, bool>> anyPublic = t => t.PublishedArticleCount > 0
            && t.PublishedArticleCount > t.Articles.Count(x => ArticleVisibility.NotYetPublic.Invoke(x.Article, now));
        return db.Tags.Where(anyPublic.Expand());
    }
}
