using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Paging;
using NpgsqlTypes;

namespace Articles.List;

/// A q whose postings are too many for every read of its matches (SearchMatchSet's, SearchDatedMatches' and its core's), in a
/// request filtered on a short span of publication dates that needs every match in it (`total`, or a page by title or by
/// updates): q's matches within the dates read from the side table's GIN index of keys, dates and terms (SearchMatchSet.ReadAsync
/// with SearchDates: GIN skips through q's postings to the dates' rows), its tag, author and source filters in the same scan, their
/// ids then standing for q as the match set's do (ADR 0034, "2026-12-07, datedscan" and "2026-12-07 later, datesterms"). The planner
/// ANDed the dates' bitmap with q's marked one, which reads every posting of q's lexemes and markers (~1 µs each): at 1M
/// `costiera indagine petr&publishedBefore=2022-01-01&sort=-updatedAt&total=true&facets` (12,468 articles in the dates, `petr:*`
/// 359k postings) spent 500 ms on that bitmap for the page and again for the count, and ran out of its 1 s budget. datedscan then
/// read every public article of the dates, q checked on each (~4 µs an article: 50 ms); this read takes 3.5 ms (4,313 matches).
static class SearchDatedSpan
{
    /// The public articles in the dates, as the planner estimates them, up to which q's matches in them are read (the index scan
    /// passes each of the dates' rows, ~0.4–0.8 µs at 1M).
    const double RowsUpTo = 25_000;

    /// An article of the dates passed here costs about as much as this many postings of the marked bitmap it replaces: read only
    /// when q's postings (its lexemes' rows, every language's) are at least that many times the dates' articles.
    const double PostingsPerRow = 1;

    /// Matches read at most (more: the estimate was wrong, and the request keeps its path): the rows' bound, the dates holding
    /// no more matches than articles.
    public const int Cap = (int)RowsUpTo;

    /// The filter's keys to read with q (none: no tag, author or source filter), when the request is one to read here: filtered on
    /// publication dates, asking for `total` or sorted by title or updates (a page by date or relevance alone, and the facets'
    /// newest matches, are the date walk's: it stops when its window is full; so is a page by updates alone in a span open to now
    /// and no other filter, and by title alone when the title's walk would read fewer rows), q's postings (`keyed` and its
    /// `matches`, SearchMatchSet.KeyedAsync) at least PostingsPerRow times the dates' public articles, those at most RowsUpTo
    /// and q's matches among them at most Cap.
    /// Null: the request keeps its path. `always` (tests): whenever the shape allows it.
    public static async Task<Guid[][]?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, DateTime now, ArticleViewer viewer, ArticleQuery query,
        NpgsqlTsQuery keyed, double matches, bool total, CancellationToken ct, bool always = false)
    {
        if (query is { PublishedAfter: null, PublishedBefore: null } || !(total || query.Sort is ArticleSort.Title or ArticleSort.UpdatedAtDescending))
            return null;
        var table = await catalog.StateAsync(ct);
        if (table.Rows <= 0)
            return null;
        if (await SearchMatchSet.FilterKeysOrNoneAsync(db, query, table.Rows, ct) is not { } keys)
            return null;
        if (always)
            return keys.Ids;
        if (!total && SearchDates.UpdatesWalkMeetsSpanFirst(query))
            return null;
        if (await SearchEstimate.KeyedRowsAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, SearchKeys.AnyTerm(keyed), ct) is not { } postings)
            return null;
        var inDates = await catalog.InDatesAsync(db, now, viewer, query, ct);
        // A page by title alone: the title's walk reads n × rows ÷ (q's matches in the dates) rows, q and the dates taken as
        // independent of titles; read here only when that is more than the dates' articles for the largest page.
        if (!total && query.Sort == ArticleSort.Title && PageRequest.MaxLimit * table.Rows < inDates * inDates * (matches / table.Rows))
            return null;
        // The index reads q's rows in the dates keyed in its configurations, whatever the language filter (`en-GB` is read as
        // English): those, q's matches at the dates' share, at most the cap.
        return inDates <= RowsUpTo && inDates * PostingsPerRow <= postings && matches * inDates / table.Rows <= Cap ? keys.Ids : null;
    }

    /// q's public matches in the request's dates and language, and among `keys` (ChooseAsync's), at most Cap + 1 (SearchMatchPage
    /// pages them); the other filters apply to them afterwards.
    public static Task<SearchMatchSet.Match[]> ReadAsync(ArticlesDb db, SearchCatalog catalog, DateTime now, ArticleQuery query, ArticleCursor? after,
        NpgsqlTsQuery keyed, double matches, Guid[][] keys, CancellationToken ct, NpgsqlTsQuery? readFirst) =>
        SearchMatchSet.ReadAsync(db, catalog, now, keyed, matches, keys, query, after, "search_dated_span", ct, Cap, readFirst);
}
