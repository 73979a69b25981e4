using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ArticlesApi.Data;

/// Writes the content_changes rows of a write, in the write's transaction: ArticlesDb.SaveChangesAsync
/// derives them from the tracked articles, authors, tags and sources, so no write through a context can
/// forget them, and ContentChangeRecorder inserts them right before the commit; the few writes that bypass
/// the change tracker (ScheduledPublication, BodyRerendering) insert theirs explicitly, last. Relations (an article's authors, tags, citations) are not resources of their
/// own: every write that changes them also writes the article row, whose change stands for them.
/// See docs/decisions/0017-content-changes.md.
public static class ContentChangeLog
{
    /// The transaction-scoped advisory lock that content_changes' insert trigger takes before any row gets
    /// its sequence, held until the transaction ends: sequences are handed out in commit order. Every write
    /// inserts its changes as its last statement before COMMIT (ContentChangeRecorder), so the holder waits
    /// for nothing but its commit and writers cannot deadlock on it.
    public const long CommitOrderLock = 0x4172_7469_6368_6e67;

    /// The changes SaveChanges is about to write: resources other than articles first (a tag created
    /// with an article exists before the article that carries it), then articles, each in tracking order.
    public static IReadOnlyList<ContentChange> Of(ChangeTracker tracker, DateTime now)
    {
        List<ContentChange>? changes = null;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            var change = entry.Entity switch
            {
                Article article => OfArticle(entry, article, now),
                Author author => OfNamed(entry, ContentResource.Author, author, now),
                Tag tag => OfNamed(entry, ContentResource.Tag, tag, now),
                Source source => OfNamed(entry, ContentResource.Source, source, now),
                Site => new ContentChange { At = now, Resource = ContentResource.Site, ResourceId = Site.SingletonId, Slug = "site", Kind = ChangeKind.Updated },
                _ => null,
            };
            if (change is not null)
                (changes ??= []).Add(change);
        }
        return changes is null ? [] : [.. changes.OrderBy(c => c.Resource == ContentResource.Article)];
    }

    static ContentChange OfNamed(EntityEntry entry, ContentResource resource, ISlugged named, DateTime now) => new()
    {
        At = now, Resource = resource, ResourceId = named.Id, Slug = SlugOf(entry, named.Slug),
        Kind = entry.State switch
        {
            EntityState.Added => ChangeKind.Created,
            EntityState.Deleted => ChangeKind.Deleted,
            _ => ChangeKind.Updated,
        },
    };

    static ContentChange OfArticle(EntityEntry entry, Article article, DateTime now)
    {
        var added = entry.State == EntityState.Added;
        var statusBefore = (ArticleStatus)entry.Property(nameof(Article.Status)).OriginalValue!;
        var deletedBefore = (DateTime?)entry.Property(nameof(Article.DeletedAt)).OriginalValue;
        var publishedBefore = (DateTime?)entry.Property(nameof(Article.PublishedAt)).OriginalValue;
        var kind = entry.State switch
        {
            EntityState.Added => ChangeKind.Created,
            EntityState.Deleted => ChangeKind.Deleted,
            _ when deletedBefore is null && article.DeletedAt is not null => ChangeKind.Deleted,
            _ when deletedBefore is not null && article.DeletedAt is null => ChangeKind.Restored,
            _ when statusBefore == article.Status => ChangeKind.Updated,
            _ when article.Status == ArticleStatus.Published => ChangeKind.Published,
            _ when article.Status == ArticleStatus.Scheduled => ChangeKind.Scheduled,
            _ when statusBefore is ArticleStatus.Published or ArticleStatus.Scheduled => ChangeKind.Unpublished,
            _ => ChangeKind.Updated,
        };
        return new ContentChange
        {
            At = now, Resource = ContentResource.Article, ResourceId = article.Id, Slug = SlugOf(entry, article.Slug), Kind = kind,
            WasPublic = !added && ArticleVisibility.IsPublic(statusBefore, publishedBefore, deletedBefore, now),
            IsPublic = entry.State != EntityState.Deleted && ArticleVisibility.IsPublic(article.Status, article.PublishedAt, article.DeletedAt, now),
        };
    }

    /// A deleted resource is named by the slug it had.
    static string SlugOf(EntityEntry entry, string current) =>
        entry.State == EntityState.Deleted ? (string)entry.Property(nameof(ISlugged.Slug)).OriginalValue! : current;

    /// Inserts the changes now, in the context's current transaction, and remembers the last sequence, which
    /// is announced once that transaction commits (ArticlesDb.RecordedSequence). For contexts without
    /// ContentChangeRecorder (built outside DatabaseServices); the lock is then held from here to the commit.
    public static async Task RecordAsync(ArticlesDb db, IReadOnlyList<ContentChange> changes, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Content changes are recorded inside the write's transaction.");
        db.RecordedSequence = await InsertAsync((NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction)transaction.GetDbTransaction(), changes, ct);
    }

    /// Inserts the changes in their order (one statement); returns the last sequence.
    public static async Task<long> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IReadOnlyList<ContentChange> changes, CancellationToken ct)
    {
        await using var command = InsertCommand(connection, transaction, changes);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public static NpgsqlCommand InsertCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<ContentChange> changes)
    {
        var command = new NpgsqlCommand("""
            WITH inserted AS (
                INSERT INTO content_changes (at, resource, resource_id, slug, kind, was_public, is_public)
                SELECT at, resource, resource_id, slug, kind, was_public, is_public
                FROM unnest($1, $2, $3, $4, $5, $6, $7) WITH ORDINALITY AS c(at, resource, resource_id, slug, kind, was_public, is_public, n)
                ORDER BY n
                RETURNING sequence)
            SELECT max(sequence) FROM inserted
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. changes.Select(c => c.At)] });
        command.Parameters.Add(Texts(changes.Select(c => c.Resource.ToString().ToLowerInvariant())));
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. changes.Select(c => c.ResourceId)] });
        command.Parameters.Add(Texts(changes.Select(c => c.Slug)));
        command.Parameters.Add(Texts(changes.Select(c => c.Kind.ToString().ToLowerInvariant())));
        command.Parameters.Add(new NpgsqlParameter<bool?[]> { TypedValue = [.. changes.Select(c => c.WasPublic)] });
        command.Parameters.Add(new NpgsqlParameter<bool?[]> { TypedValue = [.. changes.Select(c => c.IsPublic)] });
        return command;
    }

    public static long ExecuteScalarAndDispose(this NpgsqlCommand command)
    {
        using (command)
            return (long)command.ExecuteScalar()!;
    }

    static NpgsqlParameter<string[]> Texts(IEnumerable<string> values) =>
        new() { TypedValue = [.. values], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

}
