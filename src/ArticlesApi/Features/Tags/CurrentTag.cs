using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.SiteSettings;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Tags;

/// The representation that writes answer with and check If-Match against (the one GET returns).
public static class CurrentTag
{
    /// Null when there is no such tag (deleted since the write found it).
    public static async Task<TagResponse?> FindAsync(ArticlesDb db, Guid id, CancellationToken ct)
    {
        var dueScheduled = await ScheduledPublication.DueIdsAsync(db, ct);
        return await (await db.Tags.AsNoTracking().Where(t => t.Id == id).Select(TagProjections.Public(dueScheduled)).SingleOrDefaultAsync(ct)).LinkedAsync(db, ct);
    }

    public static async Task<TagResponse> ReadAsync(ArticlesDb db, Guid id, CancellationToken ct) =>
        await FindAsync(db, id, ct) ?? throw new InvalidOperationException($"No tag with id '{id}'.");
}
