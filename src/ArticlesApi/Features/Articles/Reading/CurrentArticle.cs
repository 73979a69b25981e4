using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles;

/// The article as it is now, by id: the representation a write checks If-Match against before it
/// changes anything and answers with after. The GET shape, whatever the article's status (writers see
/// drafts and the trash too).
public static class CurrentArticle
{
    public static async Task<object> ReadBoxedAsync(ArticlesDb db, Guid id, CancellationToken ct) => await ReadAsync(db, id, ct);

    public static Task<ArticleResponse> ReadAsync(ArticlesDb db, Guid id, CancellationToken ct) =>
        db.Articles.AsNoTracking().Where(a => a.Id == id).Select(ArticleProjections.Full(db.Clock.GetUtcNow().UtcDateTime)).SingleAsync(ct);
}
