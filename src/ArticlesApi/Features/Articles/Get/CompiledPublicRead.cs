using System.Linq.Expressions;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace Articles.Get;

/// The anonymous read of one article, compiled by EF Core once per set of body formats and kind of key:
/// the most frequent request of the API skips building its LINQ tree and matching it against EF's query
/// cache (together almost half of its CPU in the API: 0.78 → 0.41 ms at 100k articles;
/// docs/decisions/0010-pooled-contexts.md). The visibility rule
/// and the projection are the ones every other read uses, inlined by LinqKit; the SQL is the same.
static class CompiledPublicRead
{
    static readonly Func<ArticlesDb, string, Guid, DateTime, CancellationToken, Task<ArticleResponse?>>[] Reads =
        [.. Enumerable.Range(0, 2 * ((int)BodyFormats.All + 1)).Select(i => Compile((BodyFormats)(i >> 1), byId: (i & 1) == 1))];

    /// `id`: the key parsed as a UUID, when it is one; then only the id is looked up (no slug can be
    /// shaped like a UUID, so a slug can never answer for another article's id).
    public static Task<ArticleResponse?> ReadAsync(ArticlesDb db, string idOrSlug, Guid? id, DateTime now, BodyFormats formats,
        CancellationToken ct) =>
        Reads[((int)(formats & BodyFormats.All) << 1) | (id is null ? 0 : 1)](db, idOrSlug, id ?? Guid.Empty, now, ct);

    static Func<ArticlesDb, string, Guid, DateTime, CancellationToken, Task<ArticleResponse?>> Compile(BodyFormats formats, bool byId)
    {
        var visible = ArticleVisibility.Public;
        var full = ArticleProjections.FullAt(formats);
        Expression<Func<Article, string, Guid, bool>> key = byId
            ? (a, slug, id) => a.Id == id
            : (a, slug, id) => a.Slug == slug;
        Expression<Func<ArticlesDb, string, Guid, DateTime, CancellationToken, ArticleResponse?>> read = (db, slug, id, now, ct) => db.Articles
            .AsNoTracking()
            .Where(a => visible.Invoke(a, now) && key.Invoke(a, slug, id))
            .Select(a => full.Invoke(a, now, false))
            .AsSplitQuery()
            .FirstOrDefault();
        return EF.CompileAsyncQuery(read.Expand());
    }
}
