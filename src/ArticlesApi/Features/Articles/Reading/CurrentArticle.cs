using ArticlesApi.Data;
using ArticlesApi.Features.SiteSettings;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles;

/// The article as it is now, by id: the representation a write checks If-Match against before it
/// changes anything and answers with after. The GET shape, whatever the article's status (writers see
/// drafts and the trash too).
public static class CurrentArticle
{
    /// Null when there is no such article (deleted for good since the write found it).
    public static async Task<ArticleResponse?> FindAsync(ArticlesDb db, Guid id, CancellationToken ct) =>
        await (await db.Articles.AsNoTracking().Where(a => a.Id == id).Select(ArticleProjections.Full(db.Clock.GetUtcNow().UtcDateTime))
            .SingleOrDefaultAsync(ct)).LinkedAsync(db, ct);

    public static async Task<ArticleResponse> ReadAsync(ArticlesDb db, Guid id, CancellationToken ct) =>
        await FindAsync(db, id, ct) ?? throw new InvalidOperationException($"No article with id '{id}'.");
}
