using System.Linq.Expressions;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Paging;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace Articles.List;

/// The list's most frequent queries, compiled by EF Core once (as the anonymous article read,
/// docs/decisions/0010-pooled-contexts.md): the public front page and its cursor pages, and the authors and
/// tags of any page. Building their LINQ per request and matching it against EF's query cache cost the API
/// process about twice the raw endpoint's CPU on the front page. Same visibility rule, projection and
/// order as the per-request LINQ, so the same SQL; ListTests compare the two.
static class CompiledListReads
{
    /// The public list without filters, newest first: what anonymous front ends ask for most.
    public static bool ServesFrontPage(ArticleQuery query, ArticleViewer viewer) =>
        !viewer.SeesUnpublished && query.OnlyPublished && query.Sort == ArticleSort.PublishedAtDescending
        && query is { Q: null, Tags.Length: 0, Authors.Length: 0, Sources.Length: 0, Language: null, PublishedAfter: null, PublishedBefore: null };

    public static ValueTask<List<Row>> FrontPageAsync(ArticlesDb db, DateTime now, ArticleCursor? after, int take, CancellationToken ct) =>
        after is null
            ? FirstPage(db, now, take).ToListAsync(ct)
            : PageAfter(db, now, after.At is { } ticks ? CursorFields.Instant(ticks) : null, after.Id, take).ToListAsync(ct);

    public static ValueTask<List<PageAuthor>> AuthorsAsync(ArticlesDb db, Guid[] ids, CancellationToken ct) => Authors(db, ids).ToListAsync(ct);

    public static ValueTask<List<PageTag>> TagsAsync(ArticlesDb db, Guid[] ids, CancellationToken ct) => Tags(db, ids).ToListAsync(ct);

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
            .Select(a => Endpoint.PageRow.Invoke(a));
        return EF.CompileAsyncQuery(page.Expand());
    }

    static Func<ArticlesDb, DateTime, DateTime?, Guid, int, IAsyncEnumerable<Row>> CompilePageAfter()
    {
        Expression<Func<ArticlesDb, DateTime, DateTime?, Guid, int, IQueryable<Row>>> page = (db, now, at, id, take) => db.Articles.AsNoTracking()
            .Where(a => Visible.Invoke(a, now))
            .Where(a => EF.Functions.LessThan(ValueTuple.Create(a.PublishedAt, a.Id), ValueTuple.Create(at, id)))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(take)
            .Select(a => Endpoint.PageRow.Invoke(a));
        return EF.CompileAsyncQuery(page.Expand());
    }

    static readonly Func<ArticlesDb, Guid[], IAsyncEnumerable<PageAuthor>> Authors = EF.CompileAsyncQuery(
        (ArticlesDb db, Guid[] ids) => db.ArticleAuthors.AsNoTracking()
            .Where(x => ids.Contains(x.ArticleId))
            .OrderBy(x => x.Position)
            .Select(x => new PageAuthor(x.ArticleId,
                new AuthorSummary { Id = x.Author.Id, Slug = x.Author.Slug, Name = x.Author.Name, AvatarUrl = x.Author.AvatarUrl })));

    static readonly Func<ArticlesDb, Guid[], IAsyncEnumerable<PageTag>> Tags = EF.CompileAsyncQuery(
        (ArticlesDb db, Guid[] ids) => db.ArticleTags.AsNoTracking()
            .Where(x => ids.Contains(x.ArticleId))
            .OrderBy(x => x.Tag.Name)
            .Select(x => new PageTag(x.ArticleId, new TagSummary { Id = x.Tag.Id, Slug = x.Tag.Slug, Name = x.Tag.Name })));
}

sealed record PageAuthor(Guid ArticleId, AuthorSummary Author);

sealed record PageTag(Guid ArticleId, TagSummary Tag);
