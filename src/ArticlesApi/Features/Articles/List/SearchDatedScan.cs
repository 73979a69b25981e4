using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// A q whose postings are too many for every read of its matches (SearchMatchSet's, SearchDatedMatches' and its core's), in a
/// request filtered on a short span of publication dates that needs every match in it (`total`, or a page by title or by
/// updates): every public article in the dates read through the dates' index, q checked on each in its own language
/// (ArticleSearch.MatchesOwn, no index condition), its matches then standing for q as the match set's do (ADR 0034,
/// "2026-12-07, datedscan"). The planner ANDed the dates' bitmap with q's marked one, which reads every posting of q's lexemes
/// and markers (~1 µs each): at 1M `costiera indagine petr&publishedBefore=2022-01-01&sort=-updatedAt&total=true&facets` (12,468
/// articles in the dates, `petr:*` 359k postings) spent 500 ms on that bitmap for the page and again for the count, and ran out
/// of its 1 s budget; `ratification or les per&publishedAfter=2026-11-01&limit=1&total=true` counted in 626 ms. This read
/// takes ~4 µs an article (its vector detoasted): 12,468 articles in 50 ms.
static class SearchDatedScan
{
    /// The public articles in the dates, as the planner estimates them, up to which they are read (~100 ms at 1M).
    const double RowsUpTo = 25_000;

    /// An article read here costs about as much as this many postings of the marked bitmap it replaces: it is read only when q's
    /// postings (its lexemes' rows, every language's) are at least that many times the dates' articles.
    const double PostingsPerRow = 4;

    /// An article of the filter (tags, authors, sources) that the planner reads instead (~15 µs each, its vector detoasted
    /// and its links joined) costs about this many articles read here: a small filter keeps its path.
    const double RowsPerFilterArticle = 4;

    /// Matches read at most (more: the estimate was wrong, and the request keeps its path): the rows' bound, the dates holding
    /// no more matches than articles.
    public const int Cap = (int)RowsUpTo;

    /// Whether the request is one to scan: filtered on publication dates, asking for `total` or sorted by title or updates (a page
    /// by date or relevance alone, and the facets' newest matches, are the date walk's: it stops when its window is full; so is a
    /// page by updates alone in a span open to now and no other filter, and by title alone when the title's walk would read fewer
    /// rows), q's postings (`keyed` and its `matches`, SearchMatchSet.KeyedAsync) at least PostingsPerRow times the dates' public articles, those at
    /// most RowsUpTo, and a filter on tags, authors or sources (SearchMatchSet.FilterKeys.Postings: their articles) not so small
    /// that reading it is the cheaper. `always` (tests): whenever the shape allows it.
    public static async Task<bool> ServesAsync(ArticlesDb db, SearchCatalog catalog, DateTime now, ArticleViewer viewer, ArticleQuery query,
        NpgsqlTsQuery keyed, double matches, bool total, CancellationToken ct, bool always = false)
    {
        if (query is { PublishedAfter: null, PublishedBefore: null } || !(total || query.Sort is ArticleSort.Title or ArticleSort.UpdatedAtDescending))
            return false;
        if (always)
            return true;
        // A page by updates alone in a span open to now, no tag, author or source filter: the updates' index walked newest
        // first meets the span's articles first (an article is updated when published), and the planner's walk stops at the
        // page (at 1M `energia or defe&publishedAfter=2026-11-01&sort=-updatedAt`: 24 ms walked, 82 read here). With such a
        // filter the planner joined its links to q's marked bitmap instead (`anche or foreign&tag=tag-4&…`: 600 ms).
        if (!total && query is { Sort: ArticleSort.UpdatedAtDescending, PublishedBefore: null, Tags.Length: 0, Authors.Length: 0, Sources.Length: 0 })
            return false;
        var table = await catalog.StateAsync(ct);
        if (table.Rows <= 0 || await SearchEstimate.KeyedRowsAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, SearchKeys.AnyTerm(keyed), ct) is not { } postings)
            return false;
        var inDates = await SearchTotal.RowsAsync(db, (await ArticleFilters.MatchingAsync(db, now, viewer, Dated(query), null, ct)).Select(a => a.Id), ct);
        // A page by title alone: the title's walk reads n × rows ÷ (q's matches in the dates) rows, q and the dates taken as
        // independent of titles; read here only when that is more than the dates' articles for the largest page.
        if (!total && query.Sort == ArticleSort.Title && PageRequest.MaxLimit * table.Rows < inDates * inDates * (matches / table.Rows))
            return false;
        return inDates <= RowsUpTo && inDates * PostingsPerRow <= postings
            && (await SearchMatchSet.FilterKeysAsync(db, query, table.Rows, ct) is not { } filter || inDates <= filter.Postings * RowsPerFilterArticle);
    }

    /// q's public matches in the request's dates and language (the other filters apply to them afterwards), at most Cap + 1.
    public static async Task<SearchMatchSet.Match[]?> ReadAsync(ArticlesDb db, DateTime now, ArticleViewer viewer, ArticleQuery query, Search search,
        CancellationToken ct) =>
        SearchKeys.ByConfig(search.Marked) is not { } own ? null
            : await (await ArticleFilters.MatchingAsync(db, now, viewer, Dated(query), search, ct, window: new SearchWindow.Window(null, null) { Own = own }))
                .TagWith("search_dated_scan").Select(a => new SearchMatchSet.Match { Id = a.Id, PublishedAt = a.PublishedAt!.Value, UpdatedAt = a.UpdatedAt })
                .Take(Cap + 1).ToArrayAsync(ct);

    /// The request's dates and language only: a join to a filter's links would let the planner start from them.
    static ArticleQuery Dated(ArticleQuery query) => query with { Tags = [], Authors = [], Sources = [], Kinds = null, Featured = null, TranslationOf = null };
}
