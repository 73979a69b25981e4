using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// A q too common for SearchMatchSet's read of every match, in a request filtered on publication dates that counts (`total`,
/// facets) or sorts by title or updates: its matches within the dates read from the side table's RUM index, whose postings hold
/// each match's date, so the dates are index conditions and only the rows within them are read (ADR 0034, "2026-12-06
/// late, dated"). Before, the count ANDed the date index's bitmap with q's marked one, whose markers' postings cover the table, then
/// read each row: at 1M `paix&publishedAfter=2025-06-01&total=true&facets=source,tag` (8,694 of q's 28,822 matches in the
/// dates) counted in 73–117 ms and walked the dates for the facets' newest in 28–38, where this read takes 16–23 ms warm (65 cold).
/// A page alone keeps the date walk, which finds a common q's first page among the first rows it reads.
static class SearchDatedMatches
{
    /// q's own-language matches, and its lexemes' postings, up to which RUM is read for them (setting Search:DatedUpTo; tests lower
    /// it): it reads every posting of q (~0.2 µs each at 1M), in the dates or not (a prefix's every lexeme, as the estimate sums them).
    public const string UpToSetting = "Search:DatedUpTo";
    public const double DefaultUpTo = 50_000;

    /// Matches in the dates read at most (more: the request keeps its path), 1.5 times the match set's (SearchMatchSet.Cap): the rows
    /// read here are those the request counts, pages and facets, where its path counts them on the marked index ANDed with the dates'
    /// (at 1M `paix&publishedAfter=2025-06-01&sort=publishedAt&total&facets`, 8,686 matches, estimated just past 10,000: the
    /// count 54 ms, the facets' walk to the newest 17 and the page 6, against ~20 for this read). A `total` past 10,000 is
    /// still answered as the estimate (SearchTotal.CountCompleteAsync).
    public const int Cap = 15_000;

    /// A relevance page alone reads at most this many (the walk it replaces stops at its window).
    const int RankedCap = 10_000;

    /// A relevance page alone (its window: the RelevanceWindow newest matches in the dates) is read here when the date walk would
    /// read more rows than this (DefaultWalkReadsFrom) before its window is full, each checked against q's marked vector (~7 µs at 1M): `fuego or
    /// zanzibar négo&publishedAfter=2026-11-01&limit=50` walked ~5,700 rows for its 100 newest of 439 (~40 ms warm).
    public const string WalkReadsFromSetting = "Search:DatedWalkReadsFrom";
    public const double DefaultWalkReadsFrom = 2_000;

    /// A row the date walk reads (its vector detoasted and checked) costs about as much as this many read from the terms' index.
    const double TermsRowsPerWalkedRow = 4;

    /// What the dated read matches through RUM (Index, keyed as its postings are) and checks on each row it finds (Check: q keyed,
    /// when Index is q's core; null: nothing more). Terms: q's lexemes and its core's have too many postings for RUM, and q's
    /// matches are read from the side table's terms instead (SearchMatchSet's read, the dates checked on each row).
    public sealed record Read(NpgsqlTsQuery Index, NpgsqlTsQuery? Check, bool Terms = false);

    /// The read for the request (null: it keeps its path): filtered on publication dates and on no tag, author or source
    /// (SearchMatchSet's keys read those), counting (`counts`: `total` or facets; `total`), sorted by title or updates, or by
    /// relevance when the walk would read many rows (`walkReadsFrom`, setting Search:DatedWalkReadsFrom; tests lower it), the RUM
    /// index ready, q's `matches` at most `upTo`, and those in the dates (q taken as independent of them) at most `cap`. RUM reads
    /// q's lexemes' postings (at most `upTo`), or, when they are more, its core's (CoreAsync), or, neither within it, the terms'
    /// index (Read.Terms). `always` (tests): q itself whenever the shape allows it, from the terms' index when `terms`.
    public static async Task<Read?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, ArticleQuery query, Search search, NpgsqlTsQuery keyed,
        double matches, bool counts, bool total, bool always, int cap, double upTo, double walkReadsFrom, CancellationToken ct, bool terms = false)
    {
        if (query is { PublishedAfter: null, PublishedBefore: null } || query is not { Tags.Length: 0, Authors.Length: 0, Sources.Length: 0 })
            return null;
        var table = await catalog.StateAsync(ct);
        if (!table.Indexed)
            return null;
        if (always)
            return new Read(keyed, null, Terms: terms);
        var ranked = !counts && query.Sort == ArticleSort.Relevance;
        if (!(counts || ranked || query.Sort is ArticleSort.Title or ArticleSort.UpdatedAtDescending) || matches > upTo || table.Rows <= 0)
            return null;
        // RUM reads the postings of every lexeme of q whatever its operators: `fuego or zanzibar négo` matches few, but French
        // `négo:*` has postings in most French rows (at 1M its relevance page in a month: 608 ms).
        if (await SearchEstimate.KeyedRowsAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, SearchKeys.AnyTerm(keyed), ct) is not { } postings)
            return null;
        var core = postings <= upTo ? null : await CoreAsync(catalog, table, query, search, upTo, ct);
        if (postings > upTo && core is null && ranked)
            return null;
        var values = new StatementValues();
        var inDates = await SearchTotal.RowsAsync(db, db.Database.SqlQuery<Guid>(values.Of(
            $"SELECT d.article_id AS \"Value\" FROM article_search_postings AS d WHERE true{SearchMatchSet.DateConditions(values, query)}")), ct);
        // The walk reads the dates' rows until the window is full: at q's rate among all rows (q taken as independent of the
        // dates), or every row in the dates when fewer match there.
        var share = Math.Min(1, inDates / table.Rows);
        var walkReads = Math.Min(inDates, Search.RelevanceWindow * table.Rows / Math.Max(matches, 1));
        if (matches * share > (ranked ? Math.Min(cap, RankedCap) : cap) || ranked && walkReads <= walkReadsFrom)
            return null;
        if (postings <= upTo)
            return new Read(keyed, null);
        // Each of the core's matches in the dates is read and q checked on it: fewer than the walk's rows (each dearer: the
        // article's whole vector and its markers), at most the cap.
        if (core is { } coreRead && coreRead.Matches * share <= (ranked ? walkReads : cap))
            return new Read(coreRead.Keyed, keyed);
        // Neither q's postings nor its core's within the limit: q's matches (at most `upTo`) read from the terms' GIN index, which
        // skips to the rows of all q's words (a prefix's there as one entry), their dates checked on each, up to the match set's
        // cap in the dates (at 1M `les ucrania sol&publishedAfter=2025-06-01&total&facets`, 18,857 matches estimated, 5,594 in
        // the dates, `sol:*` and French `le` past the limit, counted on q's marked bitmap: ~460 ms for the facets' newest and
        // again for the count). Only when the request needs every match (`total`, a page by title or updates), or the date walk
        // to the facets' newest would read more than a quarter as many rows as q has matches (a walked row, its vector
        // detoasted, costs about as much as 4 read here): `déclaré observateurs&publishedAfter=2025-06-01&facets=language`
        // (32,046 matches estimated, a walk of ~3,100 rows) walked in 24 ms and read here in 58; `ucraina regierung or zanzibar
        // &publishedAfter=2022-01-01&sort=-publishedAt&facets=source` (6,706, a walk of ~14,900) 189 → 22 ms.
        var every = total || query.Sort is ArticleSort.Title or ArticleSort.UpdatedAtDescending;
        return (every || matches <= walkReads * TermsRowsPerWalkedRow) && matches * share <= SearchMatchSet.Cap
            ? new Read(keyed, null, Terms: true) : null;
    }

    /// q's core (SearchCore.Of: without its prefixed last word, a superset of q's matches) keyed in the request's configurations,
    /// with its own-language matches, when its lexemes' postings are at most `upTo`: `fuego or zanzibar` in place of `fuego or
    /// zanzibar négo`.
    static async Task<(NpgsqlTsQuery Keyed, double Matches)?> CoreAsync(SearchCatalog catalog, SearchCatalog.State table, ArticleQuery query,
        Search search, double upTo, CancellationToken ct) =>
        SearchCore.Of(search.Marked) is { } core
        && SearchKeys.Keyed(core, table.ConfigsFor(query.Language)) is { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyedCore
        && await SearchEstimate.KeyedRowsAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, SearchKeys.AnyTerm(keyedCore), ct) is { } postings
        && postings <= upTo
        && await SearchEstimate.KeyedMatchesAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, keyedCore, ct) is { } matches
            ? (keyedCore, matches) : null;

    /// q's public matches within the request's dates and language, at most cap + 1 (more: the estimate was wrong, and the
    /// request keeps its path). q (or its core, q then checked on each row) keyed as RUM's postings are (SearchKeys.Keyed), through
    /// `@@`: the terms' GIN index, the other one that could take it, holds no dates.
    public static Task<SearchMatchSet.Match[]> ReadAsync(ArticlesDb db, DateTime now, Read read, ArticleQuery query, ArticleCursor? after, int cap,
        CancellationToken ct)
    {
        var values = new StatementValues();
        var index = values.Value(new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = read.Index });
        var check = read.Check is { } keyed
            ? $" AND ts_match_vq(d.vector, {values.Value(new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = keyed })})" : "";
        return SearchMatchSet.TermsReadAsync<SearchMatchSet.Match>(db, values.Of($"""
            {SearchMatchSet.ByTitle(values, query, after, cap, $"""
            SELECT {SearchMatchSet.Columns(query)} FROM article_search_postings AS d /* search_match_set_dated */
            WHERE d.vector @@ {index}{check} AND d.published_at <= {values.Value(now)}{SearchMatchSet.DateConditions(values, query)}{SearchMatchSet.LanguageCondition(values, query)}
            LIMIT {values.Value(cap + 1)}
            """)}
            """), ct);
    }
}
