using System.Linq.Expressions;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Paging;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace Articles.List;

/// The public front page and its cursor pages, compiled by EF Core once (as the anonymous article read,
/// docs/decisions/0010-pooled-contexts.md). Building its LINQ per request and matching it against EF's query
/// cache cost the API process about twice the raw endpoint's CPU on the front page. Same visibility rule,
/// projection and order as the per-request LINQ (ArticleFilters, PageQuery), so the same SQL; ListTests
/// compare the two.
static class CompiledFrontPage
{
    /// The public list without filters, newest first: what anonymous front ends ask for most.
    public static bool Serves(ArticleQuery query, ArticleViewer viewer) =>
        !viewer.SeesUnpublished && query.OnlyPublished && !query.HasCurationFilters && query.Sort == ArticleSort.PublishedAtDescending
        && query is { Q: null, Tags.Length: 0, Authors.Length: 0, Sources.Length: 0, Language: null, PublishedAfter: null, PublishedBefore: null, UpdatedAfter: null, UpdatedBefore: null };

    public static ValueTask<List<Row>> ReadAsync(ArticlesDb db, DateTime now, ArticleCursor? after, int take, CancellationToken ct) =>
        after is null
            ? FirstPage(db, now, take).ToListAsync(ct)
            : PageAfter(db, now, after.At is { } ticks ? CursorFields.Instant(ticks) : null, after.Id, take).ToListAsync(ct);

    static readonly Expression<Func<Article, DateTime, bool>> Visible = ArticleVisibility.Public;

    static readonly Func<ArticlesDb, DateTime, int, IAsyncEnumerable<Row>> FirstPage = CompileFirstPage();

    /// Keyset: (published_at, id) < (the cursor's), the row comparison the date index answers.
    static readonly Func<ArticlesDb, DateTime, DateTime?, Guid, int, IAsyncEnumerable<Row>> PageAfter = CompilePageAfter();

    static Func<ArticlesDb, DateTime, int, IAsyncEnumerable<Row>> CompileFirstPage()
    {
        Expression<Func<ArticlesDb, DateTime, int, IQueryable<Row>>> page = (db, now, take) => db.Articles.AsNoTracking()
            .Where(a => Visible.Invoke(a, now))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(take)
            .Select(a => PageQuery.PageRow.Invoke(a));
        return EF.CompileAsyncQuery(page.Expand());
    }

    static Func<ArticlesDb, DateTime, DateTime?, Guid, int, IAsyncEnumerable<Row>> CompilePageAfter()
    {
        Expression<Func<ArticlesDb, DateTime, DateTime?, Guid, int, IQueryable<Row>>> page = (db, now, at, id, take) => db.Articles.AsNoTracking()
            .Where(a => Visible.Invoke(a, now))
            .Where(a => EF.Functions.LessThan(ValueTuple.Create(a.PublishedAt, a.Id), ValueTuple.Create(at, id)))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(take)
            .Select(a => PageQuery.PageRow.Invoke(a));
        return EF.CompileAsyncQuery(page.Expand());
    }
}
