using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Data.Seed;

public static class SampleContentSeeder
{
    // Any constant shared by every instance: it serializes concurrent start-ups of several replicas.
    const long SeedLockKey = 0x4172_7469_636c_6573;

    /// Inserts the sample newsroom in one transaction when the database has no articles at all
    /// (trashed ones included). Returns whether it inserted anything. `media`: the sample pictures (SampleMedia) as articles
    /// show them; an article whose picture is missing gets none.
    public static async Task<bool> SeedIfEmptyAsync(ArticlesDb db, DateTime now, IReadOnlyDictionary<Guid, Domain.MediaImage> media,
        CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLockKey})", ct);
        if (await db.Articles.AnyAsync(ct))
            return false;

        SampleNewsroom.AddTo(db, now, media);
        SampleNewsroom.Describe(await db.Sites.SingleAsync(ct));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }
}
