using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
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

    public static async Task<Search> ParseAsync(ArticlesDb db, string q, CancellationToken ct)
    {
        var search = await ParseOnlyAsync(db, q, ct);
        if (!SearchLimits.HasExclusion(q) || SearchLimits.WithoutExclusions(q) is not { Length: > 0 } included)
            return search;
        var marked = (await ParseOnlyAsync(db, included, ct)).Marked;
        return marked.Kind == NpgsqlTsQuery.NodeKind.Empty ? search : search with { IncludedQ = included, IncludedMarked = marked };
    }

    static async Task<Search> ParseOnlyAsync(ArticlesDb db, string q, CancellationToken ct)
    {
        // The array read whole: `s.q[1], s.q[2], s.q[3]` over a subquery had the function called once per element (2.5× the CPU).
        var parse = await db.Database.SqlQuery<NpgsqlTsQuery[]>($"SELECT articles_search_queries({q}) AS \"Value\"").SingleAsync(ct);
        return new Search(parse[0], parse[1], parse[2]);
    }
}
