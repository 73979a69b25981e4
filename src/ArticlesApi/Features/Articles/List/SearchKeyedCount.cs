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

    /// CountUpTo(n): the request's matches counted up to n; Estimate: how many the side table's statistics say they are.
    public sealed record Counter(Func<int, Task<int>> CountUpTo, double Estimate);

    /// The counter, or null: the request keeps its count (a filter the side table does not hold: updates, kinds, featured,
    /// translations).
    public static async Task<Counter?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now,
        ArticleViewer viewer, ArticleQuery query, Search? search, CancellationToken ct)
    {
        if ((configuration[ModeSetting] ?? "auto") == "off" || !SearchMatchSet.IsPublicSearch(viewer, query, search) || query.HasCurationFilters
            || query is { UpdatedAfter: not null } or { UpdatedBefore: not null })
            return null;
        if (await SearchMatchSet.KeyedAsync(catalog, query, search, ct) is not (var keyed, var matches, var rows))
            return null;
        var filter = await SearchMatchSet.FilterKeysAsync(db, query, rows, ct);
        // Slugs that name nothing: today's path answers that at once.
        if (filter is null && query is not { Tags.Length: 0, Authors.Length: 0, Sources.Length: 0 })
            return null;
        return new Counter(n =>
        {
            var values = new StatementValues();
            return CountAsync(db, values.Of($"""
                SELECT count(*)::int AS "Value" FROM (
                    SELECT FROM article_search_postings AS d /* search_keyed_count */
                    WHERE {SearchMatchSet.TermsCondition(values, keyed)} AND d.published_at <= {values.Value(now)}{SearchMatchSet.KeyConditions(values, filter?.Ids ?? [])}{SearchMatchSet.LanguageCondition(values, query)}{SearchMatchSet.DateConditions(values, query, indexed: false)}
                    LIMIT {values.Value(n)}) AS m
                """), ct);
        }, matches * (filter?.Share ?? 1));
    }

    static async Task<int> CountAsync(ArticlesDb db, FormattableString sql, CancellationToken ct) =>
        (await SearchMatchSet.TermsReadAsync<int>(db, sql, ct)).Single();
}
