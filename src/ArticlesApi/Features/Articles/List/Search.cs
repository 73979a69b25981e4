using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Caching;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// q parsed by every language's configuration, once per request (the database would otherwise parse
/// it again for each place the query appears in the page's SQL): Parsed, the OR of the distinct parses,
/// ranks; Marked, each parse with its configurations' markers, finds the matches. The highlight (SearchHighlights, cut in
/// the API by Headline, ADR 0048) has PostgreSQL parse q again in each hit's own language only, so it marks what matched
/// in that language.
/// The last word of q also matches as a prefix when it has at least <see cref="SearchLimits.MinPrefixLength"/> letters
/// (migration SearchAsReadersTypeHsearchtype); Exact is Parsed without prefixes, so exact matches rank first.
sealed record Search(NpgsqlTsQuery Parsed, NpgsqlTsQuery Marked, NpgsqlTsQuery Exact)
{
    /// With an exclusion (`-word`): q without its exclusions, and its marked parse. The exclusions are applied to the
    /// <see cref="SearchLimits.ExclusionWindow"/> newest articles matching it (ArticleFilters), not to the whole table:
    /// the planner estimates `a & !b` as if a and b were independent, and when they are not (the excluded word in almost every
    /// match) its walk of the date index read the whole table (3.7M buffers, 21 s at 1M; bench/studies/search-worst-1m).
    public string? IncludedQ { get; init; }
    public NpgsqlTsQuery? IncludedMarked { get; init; }

    /// Marked (and IncludedMarked) without q's prefixed last word, matched by the GIN index when SearchCore chose them; Marked is
    /// then checked on the rows they find (ArticleFilters).
    public NpgsqlTsQuery? Core { get; init; }
    public NpgsqlTsQuery? IncludedCore { get; init; }

    /// Whether q's last word was prefix-matched (Parsed then differs from Exact).
    public bool Prefixed => Parsed.ToString() != Exact.ToString();

    /// Parsed and Exact as the page ranks by them (the same ranks, found sooner: SearchRankQuery).
    public NpgsqlTsQuery RankedParsed { get; } = SearchRankQuery.Compact(Parsed);
    public NpgsqlTsQuery RankedExact { get; } = SearchRankQuery.Compact(Exact);

    /// `sort=relevance` ranks this many of the newest matches (GitHub's search API gives 1,000 results
    /// at most): ranking every match of a word found in half of a million articles takes seconds. 100, not 200: at 1M the
    /// page statement reads, detoasts and ranks each of them, and half as many cut its backend CPU from ~6 to ~3.75 ms (a rare
    /// word) and ~7.5 to ~4.2 (a common one). Each match is ranked as before; only the older half is no longer a candidate
    /// (ADR 0034 "2026-12-06 day, helper rankcheap"; the facets count over the same window).
    public const int RelevanceWindow = 100;

    /// <see cref="PageHighlights.PassageCharacters"/>.
    public const int HighlightBodyCharacters = PageHighlights.PassageCharacters;

    /// ts_headline's options, which Headline reproduces; HighlightParityTests compare the two with them.
    public const string HeadlineOptions =
        "StartSel=\uE000, StopSel=\uE001, MaxFragments=2, MaxWords=25, MinWords=10, FragmentDelimiter=\" … \"";

    /// q parsed (<see cref="Parses"/> first), with the routers' catalog in the same statement when it is sent.
    public static Task<Search> ParseAsync(SearchCatalog catalog, string q, CancellationToken ct) =>
        ParseAsync(q, text => catalog.ParseAsync(text, ct));

    /// q parsed (<see cref="Parses"/> first) on `db` (didYouMean's corrected q).
    public static Task<Search> ParseAsync(ArticlesDb db, string q, CancellationToken ct) =>
        ParseAsync(q, text => ParseStatementAsync(db, text, ct));

    static async Task<Search> ParseAsync(string q, Func<string, Task<NpgsqlTsQuery[]>> parse)
    {
        var search = await ParseOnlyAsync(q, parse);
        if (!SearchLimits.HasExclusion(q) || SearchLimits.WithoutExclusions(q) is not { Length: > 0 } included)
            return search;
        var marked = (await ParseOnlyAsync(included, parse)).Marked;
        return marked.Kind == NpgsqlTsQuery.NodeKind.Empty ? search : search with { IncludedQ = included, IncludedMarked = marked };
    }

    static async Task<Search> ParseOnlyAsync(string q, Func<string, Task<NpgsqlTsQuery[]>> parse)
    {
        if (Parses.TryGetValue(q, out var known))
            return known;
        var parsed = await parse(q);
        var search = new Search(parsed[0], parsed[1], parsed[2]);
        Parses.Keep(q, search);
        return search;
    }

    public static async Task<NpgsqlTsQuery[]> ParseStatementAsync(ArticlesDb db, string q, CancellationToken ct) =>
        // The array read whole: `s.q[1], s.q[2], s.q[3]` over a subquery had the function called once per element (2.5× the CPU).
        await db.Database.SqlQuery<NpgsqlTsQuery[]>($"SELECT articles_search_queries({q}) AS \"Value\"").SingleAsync(ct);

    /// q's parses kept for the process, as HighlightCache keeps the highlights' (bounded the same way): articles_search_queries is
    /// a function of q and the text-search configurations, which only a migration changes (and the API restarts on one). A repeated
    /// q then sends no parse (~0.5 ms of backend CPU at 1M, bench/studies/searchside-1m). Searches built from a cached parse
    /// share its trees: nothing changes a parsed query once built (every router builds new nodes).
    public static BoundedCache<string, Search> Parses { get; } = new(2_000);
}
