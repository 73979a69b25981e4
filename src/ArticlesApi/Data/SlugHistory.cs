using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ArticlesApi.Data;

/// Keeps slug_history (OldSlug) in step with the articles, authors, tags and sources a SaveChangesAsync
/// writes, in that write's transaction, after its rows are saved: a slug left behind points at the resource
/// that left it (the last one, if several did in turn), a slug taken by a resource (created, or renamed to
/// it) is nobody's old slug any more, and a deleted resource's old slugs go with it. Derived from the change
/// tracker as content_changes is (ContentChangeLog), so no write path can forget it. Articles in the trash
/// keep theirs: they are restorable, and a read of an old slug finds only what the caller may read.
public static class SlugHistory
{
    public sealed class Changes
    {
        internal readonly List<(string Resource, string Slug)> Taken = [];
        internal readonly List<(string Resource, string Slug, Guid Id)> Left = [];
        internal readonly List<(string Resource, Guid Id)> Deleted = [];
    }

    /// What the tracked changes do to slugs, read before they are saved (original values are gone after);
    /// null when nothing.
    public static Changes? Of(ChangeTracker tracker)
    {
        Changes? changes = null;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || ResourceOf(entry.Entity) is not { } resource)
                continue;
            var slug = entry.Property(nameof(Article.Slug));
            var id = (Guid)entry.Property(nameof(Article.Id)).CurrentValue!;
            switch (entry.State)
            {
                case EntityState.Added:
                    (changes ??= new()).Taken.Add((resource, (string)slug.CurrentValue!));
                    break;
                case EntityState.Deleted:
                    (changes ??= new()).Deleted.Add((resource, id));
                    break;
                case EntityState.Modified when slug.IsModified && (string)slug.OriginalValue! != (string)slug.CurrentValue!:
                    changes ??= new();
                    changes.Taken.Add((resource, (string)slug.CurrentValue!));
                    changes.Left.Add((resource, (string)slug.OriginalValue!, id));
                    break;
            }
        }
        return changes;
    }

    static string? ResourceOf(object entity) => entity switch
    {
        Article => nameof(ContentResource.Article),
        Author => nameof(ContentResource.Author),
        Tag => nameof(ContentResource.Tag),
        Source => nameof(ContentResource.Source),
        _ => null,
    } is { } name ? name.ToLowerInvariant() : null;

    /// In the write's transaction, once its rows are saved: at most two statements, the second only when a slug changed.
    public static async Task RecordAsync(ArticlesDb db, Changes changes, DateTime now, CancellationToken ct)
    {
        string[] takenResources = [.. changes.Taken.Select(t => t.Resource)], takenSlugs = [.. changes.Taken.Select(t => t.Slug)],
            deletedResources = [.. changes.Deleted.Select(d => d.Resource)];
        Guid[] deletedIds = [.. changes.Deleted.Select(d => d.Id)];
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM slug_history
            WHERE (resource, slug) IN (SELECT * FROM unnest({takenResources}::text[], {takenSlugs}::text[]))
               OR (resource, resource_id) IN (SELECT * FROM unnest({deletedResources}::text[], {deletedIds}::uuid[]))
            """, ct);
        if (changes.Left.Count == 0)
            return;
        string[] leftResources = [.. changes.Left.Select(l => l.Resource)], leftSlugs = [.. changes.Left.Select(l => l.Slug)];
        Guid[] leftIds = [.. changes.Left.Select(l => l.Id)];
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO slug_history (resource, slug, resource_id, left_at)
            SELECT resource, slug, resource_id, {now} FROM unnest({leftResources}::text[], {leftSlugs}::text[], {leftIds}::uuid[]) AS l(resource, slug, resource_id)
            ON CONFLICT (resource, slug) DO UPDATE SET resource_id = excluded.resource_id, left_at = excluded.left_at
            """, ct);
    }
}
