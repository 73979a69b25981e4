using ArticlesApi.Data;
using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

/// What every write does with slugs and with what the database refuses: null when written, otherwise
/// the WriteRefusal (no HTTP here).
public static class Writes
{
    /// The slug for `text`, with "-2", "-3"… when taken ("perché" → "perche").
    public static async Task<string> FreeSlugAsync(IQueryable<string> slugs, string text, CancellationToken ct,
        IReadOnlySet<string>? alsoTaken = null)
    {
        var wanted = Slug.From(text);
        var prefix = wanted + "-";
        var taken = (await slugs.Where(s => s == wanted || s.StartsWith(prefix)).ToListAsync(ct)).ToHashSet();
        taken.UnionWith(alsoTaken ?? new HashSet<string>());
        return Slug.FirstFree(wanted, taken);
    }

    /// A tag, source or author to change, tracked, by id or slug (a key that reads as a UUID is only ever an id).
    public static Task<T?> FindByIdOrSlugAsync<T>(this ArticlesDb db, string idOrSlug, CancellationToken ct) where T : class, ISlugged =>
        Guid.TryParse(idOrSlug, out var id)
            ? db.Set<T>().SingleOrDefaultAsync(e => e.Id == id, ct)
            : db.Set<T>().SingleOrDefaultAsync(e => e.Slug == idOrSlug, ct);

    /// Inserts a tag, source or author with the given slug, or one generated from `name`.
    public static async Task<WriteRefusal?> InsertAsync<T>(this ArticlesDb db, T entity, string? slug, string name, CancellationToken ct)
        where T : class, ISlugged
    {
        var set = db.Set<T>();
        if (slug is not null && await set.AnyAsync(e => e.Slug == slug, ct))
            return new WriteRefusal.SlugTaken(slug);
        entity.Slug = slug ?? await FreeSlugAsync(set.Select(e => e.Slug), name, ct);
        set.Add(entity);
        return await db.TrySaveAsync(entity.Slug, ct);
    }

    /// Replaces a loaded tag, source or author; a slug not given stays as it is.
    public static async Task<WriteRefusal?> ReplaceAsync<T>(this ArticlesDb db, T entity, string? slug, Action<T> apply, CancellationToken ct)
        where T : class, ISlugged
    {
        if (slug is not null && slug != entity.Slug && await db.Set<T>().AnyAsync(e => e.Slug == slug, ct))
            return new WriteRefusal.SlugTaken(slug);
        apply(entity);
        entity.Slug = slug ?? entity.Slug;
        // Always an UPDATE, even when nothing changed, so the row-version check always runs.
        entity.UpdatedAt = db.Clock.GetUtcNow().UtcDateTime;
        return await db.TrySaveAsync(entity.Slug, ct);
    }

    public static Task<WriteRefusal?> DeleteAsync<T>(this ArticlesDb db, T entity, CancellationToken ct) where T : class, ISlugged
    {
        db.Set<T>().Remove(entity);
        return db.TrySaveAsync(entity.Slug, ct);
    }

    /// Saves; what the database refused is a stale row version (changed or deleted since it was read), a
    /// taken slug, a look-alike tag written meanwhile, or a broken reference.
    public static async Task<WriteRefusal?> TrySaveAsync(this ArticlesDb db, string? slug, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return new WriteRefusal.Stale();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
                                          && pg.ConstraintName?.EndsWith("_slug") == true)
        {
            return new WriteRefusal.SlugTaken(slug ?? "");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: TranslationGroups.OneLanguageIndex })
        {
            // The check before the write found the language free: another article of the group took it meanwhile.
            return new WriteRefusal.TranslationLanguageTaken(e.Entries.Select(x => x.Entity).OfType<Article>().FirstOrDefault()?.Language ?? "", null);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: TagNames.KeyIndex or TagNames.TranslationKeyIndex })
        {
            // The checks before the write found no look-alike: one was written meanwhile.
            return new WriteRefusal.LookAlikeTagMeanwhile();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            return new WriteRefusal.ReferenceBroken();
        }
    }
}
