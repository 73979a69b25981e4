using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features;

// Authors, tags and sources read alike: a list by name (keyset on name, id) and one by id or slug.

public sealed class NamedListRequest : PageRequest;

sealed class NamedListValidator : Validator<NamedListRequest>
{
    public NamedListValidator() => Include(new PageRules());
}

public sealed class IdOrSlugRequest
{
    /// The id (UUID) or slug.
    public string IdOrSlug { get; set; } = "";
}

public sealed record NameCursor(string Name, Guid Id);

public static class NamedResources
{
    /// The position a list-by-name cursor holds, its name checked against TEntity's name column.
    public static bool TryReadCursor<TEntity>(ArticlesDb db, CursorCodec cursors, string cursor, string scope,
        [NotNullWhen(true)] out NameCursor? after) where TEntity : class, INamed
    {
        var maxName = CursorFields.MaxLength<TEntity>(db, nameof(INamed.Name));
        return cursors.TryDecode(cursor, scope, (NameCursor c) => CursorFields.IsText(c.Name, maxName) && CursorFields.IsId(c.Id), out after);
    }

    /// One SQL command per page (two with total=true); counts of published articles are correlated
    /// subqueries of that command.
    public static async Task<ListResponse<TResponse>> PageAsync<TEntity, TResponse>(
        IQueryable<TEntity> source, Expression<Func<TEntity, TResponse>> projection, Func<TResponse, NameCursor> cursorOf,
        NamedListRequest r, NameCursor? after, CursorCodec cursors, string scope, HttpContext http, CancellationToken ct)
        where TEntity : class, INamed
    {
        var limit = r.PageSize();
        var page = source.AsNoTracking();
        // Only with a cursor: a parameterised "no cursor OR (name, id) > …" would keep a prepared
        // (generic) plan from using the (name, id) index.
        if (after is not null)
            page = page.Where(x => EF.Functions.GreaterThan(ValueTuple.Create(x.Name, x.Id), ValueTuple.Create(after.Name, after.Id)));
        var rows = await page
            .OrderBy(x => x.Name).ThenBy(x => x.Id)
            .Select(projection)
            .Take(limit + 1)
            .ToListAsync(ct);
        int? total = r.WantsTotal() ? await source.CountAsync(ct) : null;
        return Pages.Build(http, rows, limit, total, last => cursors.Encode(cursorOf(last), scope), page => page);
    }

    public static Task<TResponse?> FindAsync<TEntity, TResponse>(
        IQueryable<TEntity> source, string idOrSlug, Expression<Func<TEntity, TResponse>> projection, CancellationToken ct)
        where TEntity : class, INamed
    {
        // A key that reads as an id is only ever an id: no slug can be shaped like one.
        var rows = Guid.TryParse(idOrSlug, out var id)
            ? source.AsNoTracking().Where(x => x.Id == id)
            : source.AsNoTracking().Where(x => x.Slug == idOrSlug);
        return rows.Select(projection).FirstOrDefaultAsync(ct);
    }
}
