using ArticlesApi.Data;
using ArticlesApi.Features.Articles;

namespace Articles.List;

/// `total=true` counted on the side table's GIN index of its terms and keys (migration SearchKeysTermsIndex) for a public search
/// whose filters the side table holds (tags, authors, sources, language, publication dates), when no window counted its matches (ADR 0034,
/// "2026-12-06 afternoon, keysterms"). The GIN path's count read q through the marked index, whose bitmap also reads the
/// markers' posting lists, and then each article: at 1M `frieden or che` counted 10,001 articles in 100–250 ms to learn that
/// it was past the exact limit. Here the side table's statistics decide whether to count at all, and the count reads q's
/// entries (prefixes as single entries) and the side rows.
static class SearchKeyedCount
{
    /// `auto` (default): as below; `off`: never (tests compare the two).
    public const string ModeSetting = "Search:KeyedCount";

    /// CountUpTo(n): the request's matches counted up to n; Estimate: how many the side table's statistics say they are;
    /// AtLeast: the fewest they allow (null: no floor, as with a tag, author or source filter or dates, whose share is an estimate).
    public sealed record Counter(Func<int, Task<int>> CountUpTo, double Estimate, Func<Task<double?>>? AtLeast = null);

    /// The counter, or null: the request keeps its count (a filter the side table does not hold: updates, kinds, featured,
    /// translations). Publication dates are the index's days and blocks (SearchDates; before it held them, `paix&publishedAfter=
    /// 2025-06-01` read the side rows of all 28,827 matches of q for 8,692 in the dates, 147 ms at 1M, and such requests kept the
    /// planner's count, which ANDs the date index's bitmap with q's marked one: `frontera&publishedBefore=2024-01-01&total`
    /// 57 ms to find more than 10,000).
    public static async Task<Counter?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now,
        ArticleViewer viewer, ArticleQuery query, Search? search, CancellationToken ct)
    {
        if ((configuration[ModeSetting] ?? "auto") == "off" || !SearchMatchSet.IsPublicSearch(viewer, query, search) || query.HasCurationFilters
            || query is { UpdatedAfter: not null } or { UpdatedBefore: not null })
            return null;
        if (await SearchMatchSet.KeyedAsync(catalog, query, search, ct) is not (var keyed, var matches, var rows))
            return null;
        if (await SearchMatchSet.FilterKeysOrNoneAsync(db, query, rows, ct) is not { } filter)
            return null;
        var dated = query is not { PublishedAfter: null, PublishedBefore: null };
        // The dates' share of the articles, as the planner estimates their public ones.
        var inDates = !dated ? 1 : Math.Min(1, await catalog.InDatesAsync(db, now, viewer, query, ct) / rows);
        var oldest = (await catalog.StateAsync(ct)).Oldest;
        return new Counter(async n =>
        {
            var values = new StatementValues();
            var conditions = $" AND d.published_at <= {values.Value(now)}{SearchMatchSet.KeyConditions(values, filter.Ids)}"
                + SearchMatchSet.DateConditions(values, query, indexed: false) + SearchDates.Condition(values, query, now, oldest, matches, rows)
                + SearchMatchSet.LanguageCondition(values, query);
            // Up to n of the rows whose prefixes the index holds, and those it omits (few): more than n - 1 still says "past".
            return (await SearchMatchSet.TermsReadAsync<int>(db, values.Of($"""
                SELECT count(*)::int AS "Value" FROM (
                    (SELECT d.article_id AS "Value" FROM article_search_postings AS d /* search_keyed_count */
                    WHERE {SearchMatchSet.TermsCondition(values, keyed, SearchMatchSet.ReadFirst(search!, keyed))}{conditions}
                    LIMIT {values.Value(n)}){SearchMatchSet.OmittedArm(values, keyed, conditions)}) AS m
                """), ct)).Single();
        }, matches * filter.Share * inDates, filter.Ids.Length > 0 || dated ? null
            : async () => await SearchEstimate.KeyedMatchesAtLeastAsync(catalog.Db, (await catalog.StateAsync(ct)).PostingsAnalyzed, rows, keyed, query.Language, ct));
    }
}
