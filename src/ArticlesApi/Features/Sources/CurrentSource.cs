using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.SiteSettings;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Sources;

/// The representation that writes answer with and check If-Match against (the one GET returns).
public static class CurrentSource
{
    /// Null when there is no such source (deleted since the write found it).
    public static async Task<SourceResponse?> FindAsync(ArticlesDb db, Guid id, CancellationToken ct)
    {
        var dueScheduled = await ScheduledPublication.DueIdsAsync(db, ct);
        return await (await db.Sources.AsNoTracking().Where(s => s.Id == id).Select(SourceProjections.Public(dueScheduled)).SingleOrDefaultAsync(ct)).LinkedAsync(db, ct);
    }

    public static async Task<SourceResponse> ReadAsync(ArticlesDb db, Guid id, CancellationToken ct) =>
        await FindAsync(db, id, ct) ?? throw new InvalidOperationException($"No source with id '{id}'.");
}
