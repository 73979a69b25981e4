using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using System.Diagnostics.CodeAnalysis;
using Npgsql;
using NpgsqlTypes;

namespace Articles.List;

/// Every public match of a q that is rare in its own languages, read first (the side table's GIN index of its terms, ReadAsync),
/// its ids then standing for q in a request SearchWindow does not serve: a filter (tag, author,
/// source, dates, kind, featured, translations), a sort other than relevance or newest first, a cursor newest first. The page,
/// the filters, the order and the cursor apply to those ids as they did to q, so the answer is the same (ADR 0034,
/// "2026-12-06 evening, matchset"). Before, such requests matched q through the marked index, whose bitmap also reads the
/// markers' posting lists (each language's share of the table), or walked an order's index checking q on every row: at 1M
/// `q=della&sort=publishedAt` (an Italian stop word, rare elsewhere) ran out of its budget, ~1 s of CPU.
static class SearchMatchSet
{
    /// `auto` (default): the estimates below decide; `off`: never; `filtered`: a request filtered on tags, authors or sources
    /// always intersects q with them (ReadAsync), whatever the estimates; `dated`: a request filtered on publication dates (and
    /// not on those) always reads q's matches in them from RUM (SearchDatedMatches), `datedterms` from the terms' index;
    /// `span`: a request of SearchDatedSpan's shape always has q's matches in its dates read there (tests compare each with `off`).
    public const string ModeSetting = "Search:MatchSet";

    /// q's own-language matches (SearchEstimate.KeyedMatchesAsync) up to which they are read first.
    public const string UpToSetting = "Search:MatchSetUpTo";
    public const double DefaultUpTo = 5_000;

    /// Read at most: more means the statistics were wrong, and the request keeps its path (the read is lost, bounded). Setting
    /// Search:MatchSetCap (tests lower it) for the reads of q's matches alone or with the filter's keys.
    internal const int Cap = 10_000;
    public const string CapSetting = "Search:MatchSetCap";

    /// The ids of every public match of q (Window.Complete), or null: the request keeps its path. `counts`: the request asks for
    /// `total` or facets, which count among every match; `total`: for `total`.
    public static async Task<SearchWindow.Window?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now,
        ArticleViewer viewer, ArticleQuery query, Search? search, ArticleCursor? after, bool counts, bool total, Overflow overflow, CancellationToken ct)
    {
        // The RUM window's own shapes stay SearchWindow's to route (it declines a common q to a walk, and without the RUM index
        // they keep today's path).
        var mode = configuration[ModeSetting] ?? "auto";
        if (mode == "off" || !IsPublicSearch(viewer, query, search) || SearchWindow.Serves(query, viewer, after))
            return null;
        if (await KeyedAsync(catalog, query, search, ct) is not (var keyed, var matches, var rows))
            return null;
        var upTo = configuration.GetValue(UpToSetting, DefaultUpTo);
        var readFirst = ReadFirst(search, keyed);
        Match[]? read;
        var cap = configuration.GetValue(CapSetting, Cap);
        var (filtered, dated, span) = (mode == "filtered", mode is "dated" or "datedterms", mode == "span");
        var keysRead = false;
        if (span && await SearchDatedSpan.ChooseAsync(db, catalog, now, viewer, query, keyed, matches, total, ct, always: true) is { } spanKeys)
            (read, cap, keysRead) = (await SearchDatedSpan.ReadAsync(db, catalog, now, query, after, keyed, matches, spanKeys, ct, readFirst), SearchDatedSpan.Cap, true);
        else if (span)
            return null;
        else if (matches <= upTo && !filtered && !dated)
        {
            // With the filter's keys when it has tags, authors or sources: fewer rows, and exactly the request's matches, so the
            // page reads only what it shows and `total` is the set's size (at 1M `come selon or kaliningrad` in two sources by
            // title with `total`: q's 2,888 matches read, then their articles for the page, 17 ms, and counted again, 15).
            var keys = await FilterKeysAsync(db, query, rows, ct);
            (read, keysRead) = (await ReadAsync(db, catalog, now, keyed, matches, keys?.Ids ?? [], query, after, "search_match_set", ct, cap, readFirst),
                keys is not null);
        }
        else if ((filtered || matches <= FilteredUpTo || counts || !SearchFilterWalk.Serves(query, after))
                 && await FilterKeysAsync(db, query, rows, ct) is { } keys
                 && (filtered || matches * keys.Share <= upTo * (total || !SearchFilterWalk.Serves(query, after) ? EveryMatchFactor : 1)))
            (read, keysRead) = (await ReadAsync(db, catalog, now, keyed, matches, keys.Ids, query, after, "search_match_set_filtered", ct, cap, readFirst), true);
        else if (!filtered && await SearchDatedMatches.ChooseAsync(db, catalog, query, search, keyed, matches, counts, total, dated, SearchDatedMatches.Cap,
                     configuration.GetValue(SearchDatedMatches.UpToSetting, SearchDatedMatches.DefaultUpTo),
                     configuration.GetValue(SearchDatedMatches.WalkReadsFromSetting, SearchDatedMatches.DefaultWalkReadsFrom), ct,
                     terms: mode == "datedterms") is { } dates)
            (read, cap) = dates.Terms ? (await ReadAsync(db, catalog, now, keyed, matches, [], query, after, "search_match_set_dated_terms", ct, cap, readFirst), cap)
                : (await SearchDatedMatches.ReadAsync(db, now, dates, query, after, SearchDatedMatches.Cap, ct), SearchDatedMatches.Cap);
        else if (!filtered && !dated && query.Sort is ArticleSort.UpdatedAtDescending or ArticleSort.Title or ArticleSort.PublishedAtAscending
                 && query is { Tags.Length: 0, Authors.Length: 0, Sources.Length: 0 } && matches <= FilteredUpTo
                 && !(query is { PublishedAfter: null, PublishedBefore: null } && await SearchEstimate.KeyedMatchesAtLeastAsync(catalog.Db,
                     (await catalog.StateAsync(ct)).PostingsAnalyzed, rows, keyed, query.Language, ct) > OrderedFloorBeyond * cap))
            read = await ReadAsync(db, catalog, now, keyed, matches, [], query, after, "search_match_set_ordered", ct, cap, readFirst);
        else if (!filtered && !dated && await SearchDatedSpan.ChooseAsync(db, catalog, now, viewer, query, keyed, matches, total, ct) is { } inDates)
            (read, cap, keysRead) = (await SearchDatedSpan.ReadAsync(db, catalog, now, query, after, keyed, matches, inDates, ct, readFirst), SearchDatedSpan.Cap, true);
        else
            return null;
        return Complete(db, read, query, keysRead, cap, overflow);
    }

    /// Every public match of q (`keyed`, as KeyedAsync gives it) in the request's language, for a shape the RUM window serves
    /// (SearchWindow asks when its core would read more rows); null when they pass the cap.
    internal static async Task<SearchWindow.Window?> ReadEveryMatchAsync(ArticlesDb db, SearchCatalog catalog, DateTime now, ArticleQuery query,
        NpgsqlTsQuery keyed, double matches, CancellationToken ct) =>
        Complete(db, await ReadAsync(db, catalog, now, keyed, matches, [], query, after: null, "search_match_set", ct), query, keysRead: false, Cap, new Overflow());

    /// The window of `read` (null past `cap`, the read's), with its dates when it holds exactly the request's matches.
    static SearchWindow.Window? Complete(ArticlesDb db, Match[] read, ArticleQuery query, bool keysRead, int cap, Overflow overflow)
    {
        if (read.Length > cap)
        {
            if (IsEveryFilterRead(query, keysRead))
                overflow.MoreThan = cap;
            return null;
        }
        var window = SearchWindow.Window.Read(db, [.. read.Select(m => m.Id)], complete: true);
        return IsEveryFilterRead(query, keysRead) ? window with { NewestFirst = SearchMatchPage.NewestFirst(read) } : window;
    }

    /// What a read lost past its cap tells of the request (MoreThan: it has more matches than that, when the read applied every
    /// filter it has): a `total` past the exact limit is the estimate, which a count would only confirm (at 1M
    /// `svalbard covid19 or waffenstillstand&publishedAfter=2022-01-01&sort=title&total` read 10,001 matches, lost, then counted
    /// 10,001 again, ~27 ms).
    internal sealed class Overflow
    {
        public int? MoreThan { get; set; }
    }

    /// A match as ReadAsync reads it: the article, its publication date and last update (the side table's copies, which its
    /// triggers keep: migration SearchSortKeysInPostings), and in a read by title (Columns) its place among the matches by title
    /// (TitleOrder, from 1) and whether it comes after the page's cursor (AfterCursor; null without one), as PostgreSQL orders
    /// the titles (the database's collation: not .NET's). Its columns: as the context's naming convention maps its properties.
    internal const string MatchColumns = "d.article_id AS id, d.published_at, d.updated_at, NULL::int AS title_order, NULL::boolean AS after_cursor";

    /// A read by title's arms: the title, which ByTitle numbers.
    const string TitleColumns = "d.article_id AS id, d.published_at, d.updated_at, d.title";

    internal sealed class Match
    {
        public Guid Id { get; init; }
        public DateTime PublishedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public int? TitleOrder { get; init; }
        public bool? AfterCursor { get; init; }
    }

    /// The columns a read's arms select for `query`: with the title when it sorts by title (ByTitle then numbers them).
    internal static string Columns(ArticleQuery query) => query.Sort == ArticleSort.Title ? TitleColumns : MatchColumns;

    /// `read` (its arms selecting Columns, at most `cap` + 1 rows) as the statement: by title, each match numbered in the list's
    /// order (title, then id) and compared with the cursor `after`, where the rows are read (at 1M the page by title of `defe` by
    /// two authors read the articles of its 5,467 matches to sort them, ~40 ms). Past the cap the read is lost (the request keeps
    /// its path): its rows are not sorted (10,001 titles, ~8 ms).
    internal static string ByTitle(StatementValues values, ArticleQuery query, ArticleCursor? after, int cap, string read)
    {
        if (query.Sort != ArticleSort.Title)
            return read;
        var within = values.Value(cap);
        return $"""
            WITH m AS MATERIALIZED ({read}), read AS (SELECT count(*) AS rows FROM m)
            SELECT m.id, m.published_at, m.updated_at, (row_number() OVER (ORDER BY m.title, m.id))::int AS title_order,
                {(after?.Title is { } title ? $"(m.title, m.id) > ({values.Value(title)}, {values.Value(after.Id)})" : "NULL::boolean")} AS after_cursor
            FROM m, read WHERE read.rows <= {within}
            UNION ALL
            SELECT m.id, m.published_at, m.updated_at, NULL, NULL FROM m, read WHERE read.rows > {within}
            """;
    }

    /// Whether ReadAsync applied every filter the request has (q, language, publication dates; tags, authors and sources when
    /// `keysRead`), so that its matches are exactly the request's: not kinds, featured, translations or update dates.
    static bool IsEveryFilterRead(ArticleQuery query, bool keysRead) =>
        (keysRead || query is { Tags.Length: 0, Authors.Length: 0, Sources.Length: 0 })
        && !query.HasCurationFilters && query is { UpdatedAfter: null, UpdatedBefore: null };

    /// q keyed in the configurations the request's articles can be written in, its own-language matches as the side table's
    /// statistics estimate them, and the table's rows; null when q can match nothing or there is no estimate (a table never
    /// analysed: today's path, as SearchWindow).
    internal static async Task<(NpgsqlTsQuery Keyed, double Matches, double Rows)?> KeyedAsync(SearchCatalog catalog, ArticleQuery query, Search search,
        CancellationToken ct)
    {
        var table = await catalog.StateAsync(ct);
        if (table.Rows <= 0)
            return null;
        var configs = table.ConfigsFor(query.Language);
        if (configs.Length == 0 || SearchKeys.Keyed(search.Marked, configs) is not { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyed
            || await SearchEstimate.KeyedMatchesAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, keyed, ct) is not { } matches)
            return null;
        return (keyed, matches, table.Rows);
    }

    /// The public's published list searched with q, no exclusion in q (the ids of these routes stand for q's public matches).
    internal static bool IsPublicSearch(ArticleViewer viewer, ArticleQuery query, [NotNullWhen(true)] Search? search) =>
        !viewer.SeesUnpublished && query.OnlyPublished && !query.Trashed && query.Q is { } q && !SearchLimits.HasExclusion(q)
        && search is { IncludedQ: null, Parsed.Kind: not NpgsqlTsQuery.NodeKind.Empty };

    /// The ordered read is not tried when q's floor (SearchEstimate.KeyedMatchesAtLeastAsync: its most common lexeme in each
    /// language, a sampled frequency) is past this many times the cap: the read would be lost (at 1M `Gouvernement&sort=publishedAt
    /// &total`, 28,896 matches, read 10,001 of them, ~25 ms, before the planner's walk). The margin covers the sampling error.
    const double OrderedFloorBeyond = 1.5;

    /// A request in another order than the RUM window's (`-updatedAt`, `title`, `publishedAt`), filtered on no tag, author or source
    /// (SearchFilterWalk serves those next), that no route above served has the planner walk that order's index checking q on each
    /// row, which is fast only when q's matches are dense there. Up to
    /// FilteredUpTo estimated matches its match set is read anyway, capped (more than the cap: q is dense, the walk is kept, the read
    /// lost, ~15–25 ms at 1M): at 1M `petroliera sanctions or g7&publishedAfter=2022-01-01&sort=-updatedAt&total&facets` was
    /// estimated at more than 5,000 matches and has none; the walk read every row until the search budget ran out (1 s,
    /// incompleteResults), the read answers in 15 ms.
    /// q's own-language matches up to which a request filtered on tags, authors or sources always intersects them with the
    /// filter's (ReadAsync). Beyond, only when SearchFilterWalk would not serve the page or the request counts: the walk
    /// finds a relevance page or a first page by date among a common q's matches in a few hundred rows (`cos` by two authors:
    /// 242 rows, 5–8 ms), where the read costs the filter's postings and the rows of both (`grecia droni serviz:*` in a source:
    /// 2,739 rows, 30–50 ms at 1M); the total or the facets of such a walk read every article of the filter (`petroliera` in
    /// three tags: 5,395 articles, 121 ms for the count).
    const double FilteredUpTo = 50_000;

    /// A filtered request that needs every match anyway (`total`, which SearchKeyedCount would read them for), or a page the
    /// filter walk does not serve (by title or updates, a later page by date), whose walk of the order's index checks q and the
    /// filter on each row, reads up to this many times Search:MatchSetUpTo (the cap at its default): at 1M `defe` by two authors
    /// by title with `total` (5,467 matches, estimated 5,907) walked 7,182 titles (~110 ms) and counted the set apart (11),
    /// where the set read once serves both (17 + 40).
    const double EveryMatchFactor = Cap / DefaultUpTo;

    /// The ids of the tags, authors and sources filtered on, each kind's in one array (Ids); the share of the articles that pass
    /// them all as their published-article counts say, kinds taken as independent (Share); and those counts summed (Postings:
    /// what an index of the keys reads for them). Null when the request filters on none of them, or on slugs that name nothing
    /// (today's path answers that at once).
    internal sealed record FilterKeys(Guid[][] Ids, double Share, double Postings);

    internal static async Task<FilterKeys?> FilterKeysAsync(ArticlesDb db, ArticleQuery query, double rows, CancellationToken ct)
    {
        if (query is { Tags.Length: 0, Authors.Length: 0, Sources.Length: 0 } || rows <= 0)
            return null;
        var kinds = new List<Keyed[]>();
        if (query.Tags.Length > 0)
            kinds.Add(await db.Tags.Where(t => query.Tags.Contains(t.Slug)).Select(t => new Keyed(t.Id, t.PublishedArticleCount)).ToArrayAsync(ct));
        if (query.Authors.Length > 0)
            kinds.Add(await db.Authors.Where(x => query.Authors.Contains(x.Slug)).Select(x => new Keyed(x.Id, x.PublishedArticleCount)).ToArrayAsync(ct));
        if (query.Sources.Length > 0)
            kinds.Add(await db.Sources.Where(x => query.Sources.Contains(x.Slug)).Select(x => new Keyed(x.Id, x.PublishedArticleCount)).ToArrayAsync(ct));
        if (kinds.Any(k => k.Length == 0))
            return null;
        return new FilterKeys([.. kinds.Select(k => k.Select(x => x.Id).ToArray())],
            kinds.Aggregate(1.0, (share, k) => share * Math.Min(1, k.Sum(x => x.Count) / rows)), kinds.Sum(k => k.Sum(x => (double)x.Count)));
    }

    sealed record Keyed(Guid Id, int Count);

    /// The filter's keys for a read that takes them when there are any (none: no ids, a share of 1), or null when the request
    /// filters on slugs that name nothing: today's path answers that at once.
    internal static async Task<FilterKeys?> FilterKeysOrNoneAsync(ArticlesDb db, ArticleQuery query, double rows, CancellationToken ct) =>
        query is { Tags.Length: 0, Authors.Length: 0, Sources.Length: 0 } ? new FilterKeys([], 1, 0) : await FilterKeysAsync(db, query, rows, ct);

    /// The keys' conditions on article_search_postings `d` (each kind: any of its ids), their values added to `values`. `column`:
    /// the keys as the index to read holds them (SearchKeys.IndexedKeys for the terms' GIN index, `d.keys` for RUM's).
    internal static string KeyConditions(StatementValues values, Guid[][] keys, string column = SearchKeys.IndexedKeys) =>
        string.Concat(keys.Select(ids => $" AND {column} && {values.Value(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = ids })}"));

    /// The publication dates' conditions on article_search_postings `d` (or the articles `a`: `table`), their values added to
    /// `values`. `indexed: false`: as conditions no index can take (`IS TRUE`), for a read of the terms' GIN index: the planner
    /// would AND it with a RUM index's bitmap of every row in the dates (`publishedBefore=2024-01-01`: 391k rows, 655 ms, for q's 2,955).
    internal static string DateConditions(StatementValues values, ArticleQuery query, bool indexed = true, string table = "d") =>
        (query.PublishedAfter is { } from ? DateCondition($"{table}.published_at >= {values.Value(from)}", indexed) : "")
        + (query.PublishedBefore is { } before ? DateCondition($"{table}.published_at < {values.Value(before)}", indexed) : "");

    static string DateCondition(string condition, bool indexed) => indexed ? $" AND {condition}" : $" AND ({condition}) IS TRUE";

    /// Every public match of q that also passes the tag, author and source filters `keys` (each kind: any of its ids, as
    /// ArticleFilters filters; none: q alone), the language filter and the publication dates, with their dates, from article_search_postings alone (migrations
    /// SearchFilterKeys, SearchKeysTermsIndex, SearchDatesInTermsIndex): one scan of the GIN index of the keys, the dates and the terms (SearchKeys.Terms, q's
    /// prefixes as SearchKeys.Prefixed writes them), which skips through the common words' postings to the rare ones' and the
    /// filter's articles, so only the rows of all of them are read (at 1M `transnistria sol`: 2,926 rows, where each language's
    /// GIN index merged every posting of `sol:*` first, ~100 ms; `gipfel or nauru or kaliningrad` with `language=de&tag=tag-6`:
    /// 2,037 rows, where the planner read q's 28k articles and probed the tag on each, ~200 ms, once for the page, once for
    /// `total` and once for the facets). q through `@@@`, the synonym of `@@` that only GIN's operator class has, with the
    /// index's own expression: RUM's index of the vector cannot take it (with `@@` the planner ANDed RUM's bitmap of every match
    /// of q, ~0.8 µs a posting: `petrol:*`, 365k postings, 306 ms); the keys as SearchKeys.IndexedKeys, which the keys' RUM index
    /// cannot take either; the dates as the days and blocks this index holds (SearchDates), and exactly as no index can take them
    /// (DateConditions). Capped as the match set is (`cap`); the other filters, the order and the cursor apply to these ids
    /// afterwards. `name`: the route, in the statement (logs, tests).
    internal static async Task<Match[]> ReadAsync(ArticlesDb db, SearchCatalog catalog, DateTime now, NpgsqlTsQuery keyed, double matches,
        Guid[][] keys, ArticleQuery query, ArticleCursor? after, string name, CancellationToken ct, int cap = Cap, NpgsqlTsQuery? readFirst = null)
    {
        var table = await catalog.StateAsync(ct);
        var columns = Columns(query);
        var values = new StatementValues();
        var conditions = $" AND d.published_at <= {values.Value(now)}{KeyConditions(values, keys)}{DateConditions(values, query, indexed: false)}"
            + SearchDates.Condition(values, query, now, table.Oldest, matches, table.Rows) + LanguageCondition(values, query);
        return await TermsReadAsync<Match>(db, values.Of($"""
            {ByTitle(values, query, after, cap, $"""
            (SELECT {columns} FROM article_search_postings AS d /* {name} */
            WHERE {TermsCondition(values, keyed, readFirst)}{conditions}
            LIMIT {values.Value(cap + 1)}){OmittedArm(values, keyed, conditions, columns)}
            """)}
            """), ct);
    }

    /// `UNION` q's matches among the rows whose prefixes the terms' index does not hold (SearchKeys.PrefixesOmitted), q checked on
    /// each one's vector (they are few: the largest and most varied bodies), after a statement's arm on the terms that selects
    /// `columns` (by default `"Value"`, the article id) with `conditions`; nothing when q has no prefix entry. UNION drops the
    /// rows both arms find.
    internal static string OmittedArm(StatementValues values, NpgsqlTsQuery keyed, string conditions, string columns = "d.article_id AS \"Value\"") =>
        !SearchKeys.HasPrefixEntries(keyed) ? "" : $"""

        UNION
        SELECT {columns} FROM article_search_postings AS d /* search_terms_omitted */
        WHERE {SearchKeys.Terms} @@@ {values.Value(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = new NpgsqlTsQueryLexeme(SearchKeys.PrefixesOmitted) })}
            AND ts_match_vq(d.vector, {values.Value(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = keyed })}){conditions}
        """;

    /// q keyed matched against the side table's terms (SearchKeys.Terms, GIN's index of them), its value added to `values`.
    /// `readFirst` (ReadFirst): what the index reads instead, q then checked on each row it finds.
    internal static string TermsCondition(StatementValues values, NpgsqlTsQuery keyed, NpgsqlTsQuery? readFirst = null) =>
        $"{SearchKeys.Terms} @@@ {values.Value(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = SearchKeys.Prefixed(readFirst ?? keyed) })}"
        + (readFirst is null ? "" : $" AND ts_match_vq(d.vector, {values.Value(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = keyed })})");

    /// What the terms' index reads for q (`keyed`) when not q itself: q without its prefixes of one or two characters
    /// (SearchKeys.WithoutShortPrefixes), when SearchCore found q's core rare and its prefixes common (search.Core), so that
    /// the rows read are at most the core's few (at 1M `difesa 2026 ins&language=en`: `'english in':*` read whole, ~65 ms, for
    /// none; 0.3 ms from `difesa & 2026`).
    internal static NpgsqlTsQuery? ReadFirst(Search search, NpgsqlTsQuery keyed) => search.Core is null ? null : SearchKeys.WithoutShortPrefixes(keyed);

    /// A statement on the side table's terms, run with SearchAndBitmap's settings: a bitmap past 4 MB turns lossy (every row of a
    /// lossy page rechecked, its prefixes computed again); a sequential scan would read every vector.
    internal static async Task<T[]> TermsReadAsync<T>(ArticlesDb db, FormattableString sql, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL work_mem = '64MB'; SET LOCAL enable_seqscan = off; SET LOCAL jit = off", ct);
        var read = await db.Database.SqlQuery<T>(sql).ToArrayAsync(ct);
        await transaction.CommitAsync(ct);
        return read;
    }

    /// The language filter's condition on article_search_postings `d`, as ArticleFilters filters it (`pt` also matches `pt-BR`).
    internal static string LanguageCondition(StatementValues values, ArticleQuery query) => query.Language is not { } code ? ""
        : $" AND (d.language = {values.Value(code)} OR starts_with(d.language, {values.Value(code.Contains('-') ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value } : code + "-")}))";
}
