using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

/// What every write does with slugs and with what the database refuses.
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

    /// The row to change, tracked, after checking If-Match against its current representation. The row
    /// (and its row version) is read first: a change committed before the representation is read
    /// fails the If-Match check, and one committed after fails the row-version check on save.
    public static async Task<(T? Entity, IResult? Problem)> LoadForWriteAsync<T>(this ArticlesDb db, Guid id, HttpContext context,
        Func<Guid, Task<object>> readRepresentation, CancellationToken ct) where T : class
    {
        var entity = await db.Set<T>().FindAsync([id], ct);
        if (entity is null)
            return (null, Problems.NotFound($"No {typeof(T).Name.ToLowerInvariant()} with id '{id}'."));
        return Preconditions.Require(context, await readRepresentation(id)) is { } failed ? (null, failed) : (entity, null);
    }

    /// Inserts a tag, source or author with the given slug, or one generated from `name`.
    public static async Task<IResult?> InsertAsync<T>(this ArticlesDb db, T entity, string? slug, string name, CancellationToken ct)
        where T : class, ISlugged
    {
        var set = db.Set<T>();
        if (slug is not null && await set.AnyAsync(e => e.Slug == slug, ct))
            return SlugTaken(slug);
        entity.Slug = slug ?? await FreeSlugAsync(set.Select(e => e.Slug), name, ct);
        set.Add(entity);
        return await db.TrySaveAsync(entity.Slug, ct);
    }

    /// Replaces a loaded tag, source or author; a slug not given stays as it is.
    public static async Task<IResult?> ReplaceAsync<T>(this ArticlesDb db, T entity, string? slug, Action<T> apply, CancellationToken ct)
        where T : class, ISlugged
    {
        if (slug is not null && slug != entity.Slug && await db.Set<T>().AnyAsync(e => e.Slug == slug, ct))
            return SlugTaken(slug);
        apply(entity);
        entity.Slug = slug ?? entity.Slug;
        // Always an UPDATE, even when nothing changed, so the row-version check always runs.
        entity.UpdatedAt = db.Clock.GetUtcNow().UtcDateTime;
        return await db.TrySaveAsync(entity.Slug, ct);
    }

    public static Task<IResult?> DeleteAsync<T>(this ArticlesDb db, T entity, CancellationToken ct) where T : class, ISlugged
    {
        db.Set<T>().Remove(entity);
        return db.TrySaveAsync(entity.Slug, ct);
    }

    public static IResult SlugTaken(string slug) =>
        Problems.Conflict($"The slug '{slug}' is already taken.", new Dictionary<string, object?> { ["slug"] = slug });

    /// Saves, turning a stale row version into 412, a taken slug into 409 and a vanished or
    /// still-referenced row into 409; null when saved.
    public static async Task<IResult?> TrySaveAsync(this ArticlesDb db, string? slug, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
                                          && pg.ConstraintName?.EndsWith("_slug") == true)
        {
            return SlugTaken(slug ?? "");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: TagNames.KeyIndex })
        {
            // The checks before the write found no look-alike: one was written meanwhile.
            return Problems.Conflict("A tag whose name looks like one written here was created at the same time. Read the tags again and retry.");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            return Problems.Conflict("The write refers to something that was deleted meanwhile, or deletes something still in use. Read again and retry.");
        }
    }
}
