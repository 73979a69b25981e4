using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Features.SiteSettings;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Authors;

/// The representation that writes answer with and check If-Match against: the one an editor's GET returns
/// (only editors and admins write authors), email included.
public static class CurrentAuthor
{
    static readonly ArticleViewer Staff = new(SeesAll: true, OwnAuthorId: null);

    /// Null when there is no such author (deleted since the write found it).
    public static async Task<AuthorResponse?> FindAsync(ArticlesDb db, Guid id, CancellationToken ct)
    {
        var dueScheduled = await ScheduledPublication.DueIdsAsync(db, ct);
        return await (await db.Authors.AsNoTracking().Where(a => a.Id == id).Select(AuthorProjections.For(Staff, dueScheduled)).SingleOrDefaultAsync(ct)).LinkedAsync(db, ct);
    }

    public static async Task<AuthorResponse> ReadAsync(ArticlesDb db, Guid id, CancellationToken ct) =>
        await FindAsync(db, id, ct) ?? throw new InvalidOperationException($"No author with id '{id}'.");

    /// If-Match names the author as it is now: the ETag of an editor's read, or of a public read (the same
    /// version without the email), so an ETag from either kind of GET works.
    public static async Task<WriteRefusal?> CheckIfMatchAsync(ArticlesDb db, Guid id, string? ifMatch, IfMatchRule rule, CancellationToken ct)
    {
        var current = await FindAsync(db, id, ct);
        var refused = Preconditions.Check(ifMatch, current, rule);
        return refused is WriteRefusal.Stale && current?.Email is not null
            ? Preconditions.Check(ifMatch, current with { Email = null }, rule)
            : refused;
    }
}
