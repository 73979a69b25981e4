using ArticlesApi.Data;
using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles;

public static class ArticleReads
{
    /// Articles a caller may read. Anonymous callers (the only ones until API keys exist) see the
    /// public set; a key allowed to see drafts will pass canSeeUnpublished: true, which keeps only
    /// the trash out.
    public static IQueryable<Article> Readable(this ArticlesDb db, DateTime now, bool canSeeUnpublished) =>
        canSeeUnpublished
            ? db.Articles.AsNoTracking().Where(a => a.DeletedAt == null)
            : db.Articles.AsNoTracking().Where(ArticleVisibility.PublicAt(now));

    /// Until the writing API brings keys, nobody reading may see unpublished articles.
    public static bool CanSeeUnpublished(HttpContext http) => false;
}
