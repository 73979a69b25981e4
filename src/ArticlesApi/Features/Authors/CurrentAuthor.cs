using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Authors;

/// The representation that writes answer with and check If-Match against (the one GET returns).
public static class CurrentAuthor
{
    public static async Task<object> ReadBoxedAsync(ArticlesDb db, Guid id, CancellationToken ct) => await ReadAsync(db, id, ct);

    public static async Task<AuthorResponse> ReadAsync(ArticlesDb db, Guid id, CancellationToken ct)
    {
        var dueScheduled = await ScheduledPublication.DueIdsAsync(db, ct);
        return await db.Authors.AsNoTracking().Where(a => a.Id == id).Select(AuthorProjections.Public(dueScheduled)).SingleAsync(ct);
    }
}
