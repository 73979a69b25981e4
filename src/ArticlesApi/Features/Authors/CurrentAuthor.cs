using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Authors;

/// The representation that writes answer with and check If-Match against (the one GET returns).
public static class CurrentAuthor
{
    /// Null when there is no such author (deleted since the write found it).
    public static async Task<AuthorResponse?> FindAsync(ArticlesDb db, Guid id, CancellationToken ct)
    {
        var dueScheduled = await ScheduledPublication.DueIdsAsync(db, ct);
        return await db.Authors.AsNoTracking().Where(a => a.Id == id).Select(AuthorProjections.Public(dueScheduled)).SingleOrDefaultAsync(ct);
    }

    public static async Task<AuthorResponse> ReadAsync(ArticlesDb db, Guid id, CancellationToken ct) =>
        await FindAsync(db, id, ct) ?? throw new InvalidOperationException($"No author with id '{id}'.");
}
