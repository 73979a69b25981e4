using System.Linq.Expressions;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.OpenApiDocs;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using FluentValidation;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features;

// Authors, tags and sources read alike: a list by name or by number of articles (keyset on the sort key, then id)
// and one by id or slug.

public sealed class NamedListRequest : PageRequest
{
    /// `name` (default), `-articleCount` (most published articles first) or `articleCount`; ties in id order.
    [QuerySchema(Values = new[] { NamedSorts.Name, NamedSorts.ArticleCount, NamedSorts.ArticleCountDescending }, Default = NamedSorts.Name)]
    public string? Sort { get; set; }
}

sealed class NamedListValidator : Validator<NamedListRequest>
{
    public NamedListValidator()
    {
        Include(new PageRules());
        RuleFor(r => r.Sort).Must(NamedSorts.IsSort).WithMessage($"sort must be one of {NamedSorts.Names}.");
    }
}

public sealed class IdOrSlugRequest
{
    /// The id (UUID) or slug.
    public string IdOrSlug { get; set; } = "";
}

public enum NamedSort
{
    Name,
    ArticleCountAscending,
    ArticleCountDescending,
}

/// The spellings of `sort` for authors, tags and sources, in the style of the article list's (`-` for descending).
public static class NamedSorts
{
    public const string Name = "name";
    public const string ArticleCount = "articleCount";
    public const string ArticleCountDescending = "-articleCount";

    static readonly Dictionary<string, NamedSort> Sorts = new(StringComparer.Ordinal)
    {
        [Name] = NamedSort.Name,
        [ArticleCountDescending] = NamedSort.ArticleCountDescending,
        [ArticleCount] = NamedSort.ArticleCountAscending,
    };

    public static string Names => string.Join(", ", Sorts.Keys);

    public static bool IsSort(string? value) => string.IsNullOrEmpty(value) || Sorts.ContainsKey(value);

    public static NamedSort Of(string? value) => string.IsNullOrEmpty(value) ? NamedSort.Name : Sorts[value];

    /// What a cursor is bound to. By name it stays the resource alone, so cursors given out before sorts existed stay valid.
    public static string Scope(string resource, NamedSort sort) => sort == NamedSort.Name ? resource : $"{resource}\u001f{sort}";
}

/// What a list of named resources shows and pages by.
public interface INamedResponse
{
    Guid Id { get; }
    string Name { get; }
    int ArticleCount { get; }
}

public sealed record NameCursor(string Name, Guid Id);

public sealed record CountCursor(int ArticleCount, Guid Id);

public static class NamedResources
{
    /// One SQL command per page (two with total=true); counts of published articles are correlated
    /// subqueries of that command. `articleCount` is the count the projection shows, as a sort key
    /// (the stored count alone when no due scheduled article adds to it, which an index orders).
    /// Null when the cursor is not one of this list, sort and resource.
    public static async Task<ListResponse<TResponse>?> PageAsync<TEntity, TResponse>(ArticlesDb db,
        IQueryable<TEntity> source, Expression<Func<TEntity, TResponse>> projection, Expression<Func<TEntity, int>> articleCount,
        NamedListRequest r, CursorCodec cursors, string resource, HttpContext http, CancellationToken ct)
        where TEntity : class, INamed where TResponse : INamedResponse
    {
        var sort = NamedSorts.Of(r.Sort);
        var scope = NamedSorts.Scope(resource, sort);
        var page = source.AsNoTracking();
        // The keyset condition only with a cursor: a parameterised "no cursor OR (key, id) > …" would keep a
        // prepared (generic) plan from using the (key, id) index.
        if (!string.IsNullOrEmpty(r.Cursor))
        {
            var after = sort == NamedSort.Name ? AfterName<TEntity>(db, cursors, r.Cursor, scope) : AfterCount(cursors, r.Cursor, scope, sort, articleCount);
            if (after is null)
                return null;
            page = page.Where(after);
        }
        var ordered = sort switch
        {
            NamedSort.ArticleCountAscending => page.OrderBy(articleCount).ThenBy(x => x.Id),
            NamedSort.ArticleCountDescending => page.OrderByDescending(articleCount).ThenByDescending(x => x.Id),
            _ => page.OrderBy(x => x.Name).ThenBy(x => x.Id),
        };
        var limit = r.PageSize();
        var rows = await ordered.Select(projection).Take(limit + 1).ToListAsync(ct);
        if (rows.Count > 0 && rows[0] is ILinked)
            rows.OfType<ILinked>().LinkTo(await db.SiteUrlsAsync(ct));
        int? total = r.WantsTotal() ? await source.CountAsync(ct) : null;
        return Pages.Build(http, rows, limit, total, last => sort == NamedSort.Name
            ? cursors.Encode(new NameCursor(last.Name, last.Id), scope)
            : cursors.Encode(new CountCursor(last.ArticleCount, last.Id), scope), page => page);
    }

    static Expression<Func<TEntity, bool>>? AfterName<TEntity>(ArticlesDb db, CursorCodec cursors, string cursor, string scope)
        where TEntity : class, INamed
    {
        if (DecodeName<TEntity>(db, cursors, cursor, scope) is not { } after)
            return null;
        return x => EF.Functions.GreaterThan(ValueTuple.Create(x.Name, x.Id), ValueTuple.Create(after.Name, after.Id));
    }

    /// The position a `sort=name` cursor of this list gives; null when it is not one (the ready-made lists read it too).
    public static NameCursor? DecodeName<TEntity>(ArticlesDb db, CursorCodec cursors, string cursor, string scope) where TEntity : class, INamed
    {
        var maxName = CursorFields.MaxLength<TEntity>(db, nameof(INamed.Name));
        return cursors.TryDecode(cursor, scope, (NameCursor c) => CursorFields.IsText(c.Name, maxName) && CursorFields.IsId(c.Id), out var after)
            ? after : null;
    }

    /// The position a `sort=articleCount` or `-articleCount` cursor of this list gives; null when it is not one (the
    /// ready-made lists read it too).
    public static CountCursor? DecodeCount(CursorCodec cursors, string cursor, string scope) =>
        cursors.TryDecode(cursor, scope, (CountCursor c) => c.ArticleCount >= 0 && CursorFields.IsId(c.Id), out var after) ? after : null;

    static Expression<Func<TEntity, bool>>? AfterCount<TEntity>(CursorCodec cursors, string cursor, string scope, NamedSort sort,
        Expression<Func<TEntity, int>> articleCount) where TEntity : class, INamed
    {
        if (DecodeCount(cursors, cursor, scope) is not { } after)
            return null;
        Expression<Func<TEntity, bool>> condition = sort == NamedSort.ArticleCountAscending
            ? x => EF.Functions.GreaterThan(ValueTuple.Create(articleCount.Invoke(x), x.Id), ValueTuple.Create(after.ArticleCount, after.Id))
            : x => EF.Functions.LessThan(ValueTuple.Create(articleCount.Invoke(x), x.Id), ValueTuple.Create(after.ArticleCount, after.Id));
        return condition.Expand();
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
