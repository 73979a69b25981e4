using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// The search page's matches from the RUM index on article_search_postings (migration SearchrumPostingsSideTable,
/// ADR 0034 "searchrum"): the newest matches with their dates read from the index's postings, so a rare word's page reads
/// only the rows it shows instead of every match's row. RUM does not stop at the LIMIT (it sorts every match), so a
/// common word stays on today's GIN path: the planner's estimate of q's words OR'ed decides (SearchKeys.AnyTerm: RUM reads
/// every word's postings whatever the operators, so a rare word `and` a common one is as dear as the common one), computed in
/// the API from the planner's statistics (SearchEstimate) rather than by an EXPLAIN.
/// Used only for what the side table holds and the window can answer exactly: the public's list (published, not in
/// the trash), no filter but `language`, no exclusion in q, sorted by relevance (the RelevanceWindow newest matches) or
/// newest first (the first page). Without the index (no `rum` extension) every search takes today's path.
static class SearchWindow
{
    /// `auto` (default): the router below; `off`: never; `on`: whenever the request's shape allows it (tests compare the two).
    public const string ModeSetting = "Search:RumWindow";

    /// The estimated share of the table's rows up to which a search goes to RUM (start 10 %: at 1M `krieg`'s 65k estimate
    /// went to RUM at 17 ms against 63, `paz or krieg or paix`'s 128k stayed on the date walk at 19 against 94).
    public const string UpToSetting = "Search:RumWindowUpTo";
    public const double DefaultUpTo = 0.10;

    /// Newest first without a language filter, the share is ten times smaller (1 %: `ossezia`, 0.3 %, 56 → 6 ms on RUM;
    /// `paz`, 2 %, 9 ms on the date walk against 16).
    const double DateWalkDivisor = 10;

    public const string IndexName = "article_search_postings_rum";

    /// A core's rows read (and q checked on) at most, as estimated, for a page: each is its side-table row's vector read
    /// (~5 buffers at 1M; `ossezia tra`'s window read 418 rows, 2,066 buffers, 8.5 ms at load 2). Tests lower it.
    public const string CoreReadUpToSetting = "Search:RumCoreReadUpTo";
    const double DefaultCoreReadUpTo = 2000;

    /// The window's article ids; Matches, when it went through q's core: every public match of q on the side table, which
    /// `total` counts (SearchTotal) instead of the GIN path's q, whose prefix GIN reads whole (`ossezia tra` at 1M ~200 ms).
    /// MatchesEstimate: how many Matches holds per the side table's statistics (null: not estimated, with a language filter).
    /// Own (Ids null): the own walk, q's parse per configuration (SearchKeys.ByConfig) checked on each row of today's walk.
    /// Complete: Ids are every public match of q (SearchMatchSet), whatever the request's filters and order. NewestFirst: set
    /// when they are exactly the request's matches (SearchMatchSet applied all its filters), with their dates (SearchMatchPage).
    public sealed record Window(IQueryable<Guid>? Ids, IQueryable<Guid>? Matches, Func<Task<double?>>? MatchesEstimate = null)
    {
        public (string[] Configs, NpgsqlTsQuery[] Parses)? Own { get; init; }

        public bool Complete { get; init; }

        public SearchMatchSet.Match[]? NewestFirst { get; init; }

        /// The fewest Matches can hold per the side table's statistics (null: no floor known).
        public Func<Task<double?>>? MatchesAtLeast { get; init; }

        /// The ids read by a statement of their own (SearchAndBitmap, SearchMatchSet), sent back as an array.
        public static Window Read(ArticlesDb db, Guid[] ids, bool complete) =>
            new(db.Database.SqlQuery<Guid>($"SELECT unnest({ids}) AS \"Value\""), null) { Complete = complete };
    }

    /// `auto` (default): a common word's date walk checks q on each row's vector as stored (ArticleSearch.MatchesOwn); `off`:
    /// through the marked query, as the GIN index reads it (tests compare the two).
    public const string OwnWalkSetting = "Search:OwnWalk";

    /// The rows the own walk reads at most, as estimated (n × rows ÷ q's matches), before n match: q's matches are then at
    /// least 5 % of the rows for a relevance window of 100 at 1M, and its bitmap (every match read, then sorted) is the dearer.
    const double OwnWalkReadsUpTo = 2000;

    /// The window (null: today's path). `catalog`: read from the main pool, where the catalog statement's plan stays prepared
    /// (0.34 → 0.12 ms of backend CPU against the custom-plan pool's `db`). `newest`: the facets' window (Facets.Window + 1
    /// newest matches, whatever the page's sort), routed as a relevance page is.
    public static async Task<Window?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now, ArticleViewer viewer,
        ArticleQuery query, Search? search, ArticleCursor? after, int take, CancellationToken ct, int? newest = null)
    {
        if (newest is not null)
            (query, after) = (query with { Sort = ArticleSort.Relevance }, null);
        var mode = configuration[ModeSetting] ?? "auto";
        if (mode == "off" || search is not { Parsed.Kind: not NpgsqlTsQuery.NodeKind.Empty, IncludedQ: null } || query.Q is not { } q)
            return null;
        if (!Serves(query, viewer, after))
            return !WalksInAnyOrder(query, viewer) ? null
                : await SearchLanguageWalk.ChooseAsync(db, catalog, configuration, now, query, search, after, take, ct)
                    ?? await OwnWalkInOrderAsync(catalog, configuration, search, take, ct);
        var table = await catalog.StateAsync(ct);
        if (!table.Indexed)
            return null;
        // Keyed here from the parses q already has, and only in the configurations articles are written in (at 1M 5 of
        // 29): searchrum_query(q) parsed q again in all 29 at planning (~1.9 ms of backend CPU) and RUM looked up 41
        // prefix entries, 36 of them in languages without articles (~1.2 ms; bench/studies/searchrum-1m, search1m). With a
        // language filter, in its configuration only (what searchrum_query(q, language) keys), for the estimate.
        var keyed = SearchKeys.Keyed(search.Marked, query.Language is null ? table.Configs.Split(' ') : [table.LanguageConfig ?? ""]);
        if (keyed is null)
            return null;
        if (keyed.Kind == NpgsqlTsQuery.NodeKind.Empty)
            // No parse of q in a language the (filtered) articles are written in: q matches none of them. The date walk
            // would read every article to find that out (`language=it&q=per`: a stop word of the only language filtered on).
            return new Window(Empty(db), null);
        var n = newest ?? (query.Sort == ArticleSort.Relevance ? Search.RelevanceWindow : take);
        // q's words without its prefixed last word (SearchCore): RUM reads a prefix's postings whole, as GIN does (`'tra':*`,
        // thousands of lexemes), where the core's few are cheap to sort. `on` (tests): as SearchCore chose.
        var core = mode == "on" ? search.Core : search.Prefixed ? search.Core ?? SearchCore.Of(search.Marked) : null;
        // With a language filter, its configuration only: the core window reads in date order and keeps that language's rows,
        // so a core keyed in the others read their matches to reject them (at 1M `les ces tanker&language=es`: French `le`,
        // 28,897 rows read for none, ~100 ms).
        var configs = table.ConfigsFor(query.Language);
        // Without a language filter `keyed` is q keyed in every configuration, as the windows below key it.
        Func<Task<double?>>? estimate = query.Language is null
            ? () => SearchEstimate.KeyedMatchesAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, keyed, ct) : null;
        // The core narrowed (SearchEstimate.NarrowedAsync), when the core route below declines it: `on` (tests) always.
        (NpgsqlTsQuery Core, double Rows, double Reads)? narrowed = null;
        async Task<(NpgsqlTsQuery Core, double Rows, double Reads)?> NarrowedAsync(NpgsqlTsQuery candidate) =>
            SearchKeys.Keyed(candidate, configs) is { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyedCore
            && SearchKeys.Keyed(search.Marked, configs) is { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyedQ
                ? await SearchEstimate.NarrowedAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, keyedCore, keyedQ, n, ct) : null;
        if (mode == "on" && core is not null)
            narrowed = await NarrowedAsync(core);
        if (mode != "on")
        {
            if (table.Rows <= 0)
                return null;
            Task<double> Rows(NpgsqlTsQuery terms) => SearchEstimate.RowsAsync(catalog.Db, table.Analyzed, table.Rows, terms, query.Language, ct);
            var upTo = configuration.GetValue(UpToSetting, DefaultUpTo) * table.Rows;
            var coreReadUpTo = configuration.GetValue(CoreReadUpToSetting, DefaultCoreReadUpTo);
            var candidate = core;
            // The candidate core narrowed and the rows its window would read (estimated once, for the three choices below).
            var candidateNarrowed = candidate is null ? null : await NarrowedAsync(candidate);
            // No divisor for a core: its alternative is SearchCore's bitmap of every match of the core, not a date walk.
            if (core is null || await Rows(SearchKeys.AnyTerm(SearchCore.Parses(core))) > upTo)
                core = null;
            // No more matches of q than core rows the window would read (a prefix common only in another language, or in no
            // article of the core's): every match read first from the terms' index, where the prefix is one entry (SearchMatchSet),
            // each row cheaper than the window's (no vector to check). At 1M `fuego domani`: Spanish `fueg`'s 19,010 rows read
            // newest first for no match, 62–107 ms (the GIN path, 115).
            else if (await EveryMatchFirstAsync(db, catalog, configuration, now, query, search, candidateNarrowed, ct) is { } every)
                return every;
            // SearchCore's own choice: its GIN path checks q on every match of the core, this one on the newest until n pass.
            // Else the core's newest matches read before n pass, the prefix taken as independent of the core, must be few.
            // The prefix's rate taken within each configuration too (NarrowedAsync's reads): over the whole table a prefix common
            // in one language passes the core's rows of another (`négociations verträge`: French `négoci`'s matches read newest first,
            // German `verträg:*` in none of them, 115 ms at 1M for no match).
            else if (search.Core is null && (Math.Min(await Rows(SearchCore.Parses(core)),
                         n * table.Rows / Math.Max(await Rows(SearchCore.Prefixes(search.Marked)), 1)) > coreReadUpTo
                     || candidateNarrowed is { Reads: var reads } && reads > coreReadUpTo))
                core = null;
            // Newest first over every language, the date walk finds a 1–5 % word's first page sooner (at 1M `paz`
            // 9 ms against RUM's 16): only rarer words go to RUM there. The own-language matches are estimated (the side
            // table's statistics of q keyed by configuration), the plain parses' estimate while the side table has none.
            // Declined on the plain parses' words OR'ed (French `paix guerre sommet`: Italian's parse of it has `guerr`, in 45 %
            // of the rows at 1M), the core narrowed in the configurations articles are written in may still be rare and stop soon.
            if (core is null && candidateNarrowed is { } n2 && n2.Rows <= upTo && n2.Reads <= coreReadUpTo)
                narrowed = n2;
            if (core is null && narrowed is null
                && (await SearchEstimate.KeyedRowsAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, SearchKeys.AnyTerm(keyed), ct)
                    ?? await Rows(SearchKeys.AnyTerm(search.Parsed)))
                > upTo / (query.Sort == ArticleSort.PublishedAtDescending && query.Language is null ? DateWalkDivisor : 1))
                return query.Language is null && estimate is not null
                    ? await SearchAndBitmap.ChooseAsync(db, configuration, now, q, configs, table.Rows, n, estimate, ct)
                        ?? await OwnWalkAsync(configuration, search, table.Rows, n, estimate)
                    : null;
        }
        // The fewest matches the statistics allow (SearchEstimate.KeyedMatchesAtLeastAsync): `total` skips a count they put past the limit.
        Window Floored(Window window) => window with
        {
            MatchesAtLeast = () => SearchEstimate.KeyedMatchesAtLeastAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, keyed, query.Language, ct),
        };
        // The core window keys q and its core in the configurations above; a language filter keeps its rows.
        // Narrowed, the window checks q on more of the core's rows than RUM's `and` would pass: `total` keeps the core as it is
        // (counted through it when the core route chose it, else SearchTotal's own way, as before).
        if (narrowed is { Core: var narrowedCore } && SearchKeys.Keyed(search.Marked, configs) is { Kind: not NpgsqlTsQuery.NodeKind.Empty } q2)
            return Floored(new Window(CoreWindow(db, narrowedCore, q2, query.Language, now, n), core is null ? null
                : SearchKeys.Keyed(core, configs) is { Kind: not NpgsqlTsQuery.NodeKind.Empty } whole ? Matches(db, whole, q2, query.Language, now) : null, estimate));
        if (core is not null)
            return SearchKeys.Keyed(core, configs) is { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyedCore
                && SearchKeys.Keyed(search.Marked, configs) is { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyedQ
                ? Floored(new Window(CoreWindow(db, keyedCore, keyedQ, query.Language, now, n), Matches(db, keyedCore, keyedQ, query.Language, now), estimate))
                : null;
        if (query.Language is not { } language)
            return Floored(new Window(db.Database.SqlQuery<Guid>($"""
                SELECT d.article_id AS "Value" FROM article_search_postings AS d
                WHERE d.vector @@ {Keyed(keyed)} ORDER BY d.published_at <=| {now} LIMIT {n}
                """), Matches(db, keyed, null, null, now), estimate));
        // As ArticleFilters filters the language: `pt` also matches `pt-BR`, `pt-BR` only itself.
        var variants = Variants(language);
        return Floored(new Window(db.Database.SqlQuery<Guid>($"""
            SELECT d.article_id AS "Value" FROM article_search_postings AS d
            WHERE d.vector @@ searchrum_query({q}, {language}) AND (d.language = {language} OR starts_with(d.language, {variants}))
            ORDER BY d.published_at <=| {now} LIMIT {n}
            """), Matches(db, keyed, null, language, now)));
    }

    /// Every match of q (SearchMatchSet.ReadEveryMatchAsync) when the side table's statistics put them at most SearchMatchSet's
    /// limit and at most the rows the core window would read (`core`: its estimate, NarrowedAsync); null: the core's routes.
    static async Task<Window?> EveryMatchFirstAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now,
        ArticleQuery query, Search search, (NpgsqlTsQuery Core, double Rows, double Reads)? core, CancellationToken ct) =>
        core is { Reads: var reads } && (configuration[SearchMatchSet.ModeSetting] ?? "auto") == "auto"
            && await SearchMatchSet.KeyedAsync(catalog, query, search, ct) is var (keyed, matches, _)
            && matches <= configuration.GetValue(SearchMatchSet.UpToSetting, SearchMatchSet.DefaultUpTo) && matches <= reads
            ? await SearchMatchSet.ReadEveryMatchAsync(db, catalog, now, query, keyed, matches, ct) : null;

    /// The own walk (null: the planner's choice on the marked query) when q is common enough that the date walk reads at most
    /// OwnWalkReadsUpTo rows: the walk checks q on each row it reads, and ArticleSearch.MatchesOwn checks it without the marker's
    /// copy of the vector (at 1M `trattato`'s page 4.7 → 3.8 ms, bench/studies/ownwalk-1m). Not with SearchCore's core: its GIN
    /// path checks q on the core's matches.
    /// Never on an estimate the statistics' guess for unknown words could make (at most SearchEstimate.DefaultMatch of the rows):
    /// a typo's prefix (`governno`, `'governn':*`) was guessed at 5,000 matches at 1M, and `limit=1&sort=-updatedAt` walked every
    /// row for its none (SearchMatchSet reads them instead).
    static async Task<Window?> OwnWalkAsync(IConfiguration configuration, Search search, double rows, int n, Func<Task<double?>> estimate,
        double readsUpTo = OwnWalkReadsUpTo) =>
        (configuration[OwnWalkSetting] ?? "auto") != "off" && search.Core is null && SearchKeys.ByConfig(search.Marked) is { } own
            && await estimate() is { } matches && matches * readsUpTo >= n * rows && matches > SearchEstimate.DefaultMatch * rows
            ? new Window(null, null) { Own = own } : null;

    /// Another order than the window's (`title`, `publishedAt`, `-updatedAt`, a later page newest first), no filter: the own walk
    /// when q is that common (`take`: the page and one more). The planner, given the marked query, chose its bitmap of every match
    /// and a sort for some (at 1M `governno&sort=-updatedAt`, 816k matches: out of its budget, ~0.7 s of CPU); the own walk is no
    /// index condition, so the order's index is walked and q checked on each row until the page is full. `readsUpTo`: as OwnWalkAsync.
    /// `language`: filtered on it, the walk reads every language's rows and q's matches in that one decide (keyed in its
    /// configuration only, State.ConfigsFor): at 1M `Pre&language=es&sort=publishedAt` (18,679 Spanish matches, which the planner estimated
    /// at 323) read them all from GIN and sorted them, ~50 ms, where the walk finds its page in ~1,100 rows.
    static async Task<Window?> OwnWalkInOrderAsync(SearchCatalog catalog, IConfiguration configuration, Search search, int take, CancellationToken ct,
        double readsUpTo = OwnWalkReadsUpTo, string? language = null)
    {
        var table = await catalog.StateAsync(ct);
        if (table.Rows <= 0 || SearchKeys.Keyed(search.Marked, table.ConfigsFor(language)) is not { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyed)
            return null;
        return await OwnWalkAsync(configuration, search, table.Rows, take,
            () => SearchEstimate.KeyedMatchesAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, keyed, ct), readsUpTo);
    }

    /// A public search filtered on its language and nothing else, by publication date (a later page newest first, or oldest first),
    /// that no other route served (SearchMatchSet reads q's matches first when they are few): the own walk, q's matches in that
    /// language deciding (OwnWalkInOrderAsync, `language`). Not by title or last change: the marked query's check names the
    /// language's configuration, and the planner walks that configuration's own index of titles or updates (at 1M `che
    /// guar&language=it&sort=title`: 21 rows read, where the own walk of every language's titles read 18,332, 36 ms).
    public static async Task<Window?> OwnWalkInLanguageAsync(SearchCatalog catalog, IConfiguration configuration, ArticleViewer viewer,
        ArticleQuery query, Search? search, ArticleCursor? after, int take, CancellationToken ct) =>
        search is { Parsed.Kind: not NpgsqlTsQuery.NodeKind.Empty, IncludedQ: null }
            && query is { Q: not null, Language: not null, Sort: ArticleSort.PublishedAtAscending or ArticleSort.PublishedAtDescending }
            && Unfiltered(query, viewer) && !Serves(query, viewer, after)
            ? await OwnWalkInOrderAsync(catalog, configuration, search, take, ct, language: query.Language) : null;

    /// A public search filtered on publication dates and nothing else (no language), by relevance or publication date, that no
    /// other route served (SearchMatchSet's dated read declines past its cap): the own walk of the dates' rows in the order's index
    /// when q is common enough that it reads at most DatedOwnWalkReadsUpTo rows, q taken as independent of the dates (as the planner
    /// takes it). The planner walked them with the marked query's check: at 1M `russland&publishedBefore=2024-01-01&sort=relevance
    /// &limit=100` read 3,203 rows in 18–20 ms, the own check in 11 (the rest is each row's vector detoasted). `newest`: the facets'
    /// or the shared window (Facets.Window + 1 newest).
    public static async Task<Window?> OwnWalkInDatesAsync(SearchCatalog catalog, IConfiguration configuration, ArticleViewer viewer,
        ArticleQuery query, Search? search, int take, CancellationToken ct, int? newest = null)
    {
        if (newest is not null)
            query = query with { Sort = ArticleSort.Relevance };
        if (!SearchMatchSet.IsPublicSearch(viewer, query, search) || query is { PublishedAfter: null, PublishedBefore: null } || query.Language is not null
            || !Unfiltered(query with { PublishedAfter = null, PublishedBefore = null }, viewer)
            || query.Sort is not (ArticleSort.Relevance or ArticleSort.PublishedAtDescending or ArticleSort.PublishedAtAscending))
            return null;
        return await OwnWalkInOrderAsync(catalog, configuration, search, newest ?? (query.Sort == ArticleSort.Relevance ? Search.RelevanceWindow : take),
            ct, DatedOwnWalkReadsUpTo);
    }

    /// The rows a walk in publication dates reads at most, as estimated (~3.5 µs each at 1M: ~17 ms).
    const double DatedOwnWalkReadsUpTo = 5000;

    static bool WalksInAnyOrder(ArticleQuery query, ArticleViewer viewer) => Unfiltered(query, viewer) && query.Language is null;

    /// The core's matches in date order (RUM sorts every match of a rare core, cheaply: the dates are in its postings), each
    /// side-table row then checked against the whole of q (ts_match_vq: a filter, never an index condition) until n have
    /// passed: the scan stops there, where the GIN path checked q on every match of the core (at 1M `ossezia tra`, ~3,000
    /// TOASTed vectors). The same rows as the window of q itself: the core matches every row q matches. A language filter
    /// keeps the rows of that language: a row is keyed in its own configuration, so only q's parse in it can match.
    /// In a function (migration SearchworstCoreWindow) with enable_sort off: with the core estimated under n rows the planner
    /// chose a bitmap of every match and a sort, which reads every vector.
    static IQueryable<Guid> CoreWindow(ArticlesDb db, NpgsqlTsQuery keyedCore, NpgsqlTsQuery keyedQ, string? language, DateTime now, int n) =>
        db.Database.SqlQuery<Guid>($"""
            SELECT w AS "Value" FROM article_search_postings_core_window({Keyed(keyedCore)}, {Keyed(keyedQ)}, {language},
                {(language is null ? null : Variants(language))}, {now}, {n}) AS w
            """);

    /// Every match of q that the public sees now (the side table holds the published and the scheduled articles: those dated
    /// up to now are public, as ArticleVisibility says), in no order: the side table's rows of `index` (q keyed, or its core with q
    /// then checked on each row as CoreWindow checks it), which `total` counts (SearchTotal) instead of GIN's q on `articles`:
    /// at 1M a 1–5 % word's 10,001 rows from RUM's bitmap (~110 index buffers) cost less than from GIN with the markers'
    /// check (searchworst measured 83–100 ms of DB CPU for that count).
    static IQueryable<Guid> Matches(ArticlesDb db, NpgsqlTsQuery index, NpgsqlTsQuery? check, string? language, DateTime now) =>
        db.Database.SqlQuery<Guid>($"""
            SELECT d.article_id AS "Value" FROM article_search_postings AS d
            WHERE d.vector @@ {Keyed(index)} AND ({check is null} OR ts_match_vq(d.vector, {new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = (object?)check ?? DBNull.Value }}))
                AND d.published_at <= {now} AND ({language is null} OR d.language = {language ?? ""} OR starts_with(d.language, {(language is null ? null : Variants(language))}))
            """);

    static Npgsql.NpgsqlParameter Keyed(NpgsqlTsQuery keyed) => new() { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = keyed };

    static string? Variants(string language) => language.Contains('-') ? null : language + "-";

    static IQueryable<Guid> Empty(ArticlesDb db) => db.Database.SqlQuery<Guid>($"SELECT NULL::uuid AS \"Value\" WHERE false");

    /// The request shapes the window answers exactly as today's SQL does.
    internal static bool Serves(ArticleQuery query, ArticleViewer viewer, ArticleCursor? after) =>
        Unfiltered(query, viewer) && (query.Sort == ArticleSort.Relevance || (query.Sort == ArticleSort.PublishedAtDescending && after is null));

    /// The public's published list, no filter but `language`, no exclusion in q.
    static bool Unfiltered(ArticleQuery query, ArticleViewer viewer) =>
        !viewer.SeesUnpublished && query.OnlyPublished && !query.HasCurationFilters && !SearchLimits.HasExclusion(query.Q!)
        && query is { Tags.Length: 0, Authors.Length: 0, Sources.Length: 0, PublishedAfter: null, PublishedBefore: null, UpdatedAfter: null, UpdatedBefore: null };
}
