using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ArticlesApi.Data;

/// The other members of a translation group show each article of the group in their `translations` (id, slug,
/// language, title, url, status; ADR 0031). A write that changes one of those, or moves an article into or out of a
/// group, changes their representations too: each member of the article's old and new group (out of the trash) that
/// this save does not write itself gets an `updated` content change (ADR 0017), so the change feed, webhooks, the response cache and
/// CDN purges see it. Collected by ArticlesDb.SaveChangesAsync with the save's own changes, inserted with them.
public static class TranslationGroupChanges
{
    /// The members of `translations` that a member's write shows to the others.
    static readonly string[] Shown =
    [
        nameof(Article.Slug), nameof(Article.Title), nameof(Article.Language), nameof(Article.Status),
        nameof(Article.PublishedAt), nameof(Article.DeletedAt), nameof(Article.TranslationGroupId),
    ];

    public static async Task<IReadOnlyList<ContentChange>> OfAsync(ArticlesDb db, DateTime now, CancellationToken ct)
    {
        HashSet<Guid>? groups = null;
        var written = new HashSet<Guid>();
        foreach (var entry in db.ChangeTracker.Entries<Article>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            written.Add(entry.Entity.Id);
            var before = entry.State == EntityState.Added ? null : (Guid?)entry.Property(nameof(Article.TranslationGroupId)).OriginalValue;
            var after = entry.State == EntityState.Deleted ? null : entry.Entity.TranslationGroupId;
            if ((before is null && after is null) || !Shows(entry))
                continue;
            groups ??= [];
            if (before is { } b)
                groups.Add(b);
            if (after is { } a)
                groups.Add(a);
        }
        if (groups is null)
            return [];
        var members = await db.Articles.AsNoTracking()
            // Out of the trash, where no read shows translations: the partial index of one language per group serves it.
            .Where(a => a.TranslationGroupId != null && groups.Contains(a.TranslationGroupId.Value) && a.DeletedAt == null
                && !written.Contains(a.Id))
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Slug, a.Status, a.PublishedAt, a.DeletedAt })
            .ToListAsync(ct);
        return [.. members.Select(m =>
        {
            // Its own visibility does not change: it is public before and after, or neither.
            var isPublic = ArticleVisibility.IsPublic(m.Status, m.PublishedAt, m.DeletedAt, now);
            return new ContentChange
            {
                At = now, Resource = ContentResource.Article, ResourceId = m.Id, Slug = m.Slug, Kind = ChangeKind.Updated,
                WasPublic = isPublic, IsPublic = isPublic,
            };
        })];
    }

    static bool Shows(EntityEntry<Article> entry) =>
        entry.State != EntityState.Modified || Shown.Any(p => entry.Property(p).IsModified
            && !Equals(entry.Property(p).OriginalValue, entry.Property(p).CurrentValue));
}
