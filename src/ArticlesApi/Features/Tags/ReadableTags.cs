using System.Security.Claims;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Auth;

namespace ArticlesApi.Features.Tags;

/// Tags reach the public only through published content: an article write may create a tag (an
/// unknown name), and a contributor's draft must not announce its topics. Anonymous callers read
/// the tags of at least one public article (published, or scheduled and due; out of the trash);
/// any other tag answers 404 to them, as a draft does. Keys, which write articles and pick their
/// tags, read every tag; reader keys read as the public.
public static class ReadableTags
{
    /// `dueScheduled`: ScheduledPublication.DueIdsAsync, the public articles the stored counts miss.
    public static IQueryable<Tag> For(ArticlesDb db, ClaimsPrincipal user, Guid[] dueScheduled) =>
        !Caller.ReadsAsPublic(user)
            ? db.Tags
            : db.Tags.Where(t => t.PublishedArticleCount > 0
                || (dueScheduled.Length > 0 && t.Articles.Any(x => dueScheduled.Contains(x.ArticleId))));
}
