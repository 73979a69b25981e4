using System.Text.Json;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace Articles.List;

/// `total=true` on a search: exact up to Search:ExactTotalUpTo matches (10,000), beyond that PostgreSQL's estimate, flagged in
/// `meta.totalIsEstimate` (Elasticsearch counts exactly up to 10,000 hits by default and then says "at least").
/// Counting every match of a word found in half of a million articles read the whole table and answered 503
/// after the 5 s statement timeout; the estimate costs one plan (bench/studies/search-cost-1m).
static class SearchTotal
{
    /// How many matches are counted exactly (setting Search:ExactTotalUpTo; tests lower it).
    public const string ExactUpToSetting = "Search:ExactTotalUpTo";
    public const int DefaultExactUpTo = 10_000;

    /// A window's matches are not counted when the side table's statistics put them above this many times the exact limit: at
    /// 1M `les` (33k matches) counted 10,001 rows to answer the estimate anyway. The statistics' sampling error is a few
    /// percent for such a share; the margin covers words that occur together less often than independently.
    const double CountedBeyond = 3;

    /// Nor when their floor (SearchEstimate.KeyedMatchesAtLeastAsync: the most common lexeme of each language's arm) is above this
    /// many times the exact limit: a floor is a sampled frequency (a few percent off for such a share) and counts the scheduled
    /// articles (about 1 % of the side table's rows at 1M), where the estimate multiplies or sums lexemes that are not independent.
    const double FloorBeyond = 1.5;

    /// `matching`: the request's articles (q with the language markers); `estimable`: the same filters with q's plain
    /// parses (built only when needed). Whether to count is decided on `matching`'s estimate (at 1M articles 3,036 for `ossezia`, 2,826 matches;
    /// the plain parses say 8,811, since they also match the word's forms in other languages). The estimate answered
    /// is `estimable`'s: with the markers the planner multiplies two correlated frequencies (a word in every Italian
    /// article × the Italian marker: 189,836 for `trattato`'s 434,547 matches, where the plain parses say 422,370).
    /// `counted`: the same articles' ids found otherwise (SearchWindow's window: counted without asking the planner first) and
    /// how many they are per the side table's statistics, which skips the count when far above `exactUpTo`.
    /// `keyed`: the same articles counted on the side table (SearchKeyedCount) when no window counts them: counted unless its
    /// estimate is far above `exactUpTo`, as a window's.
    public static async Task<(int Total, bool Estimated)> CountAsync(ArticlesDb db, IQueryable<Article> matching,
        Func<Task<IQueryable<Article>>> estimable, int exactUpTo, CancellationToken ct, SearchWindow.Window? counted = null,
        SearchKeyedCount.Counter? keyed = null)
    {
        if (counted?.Matches is null && keyed is not null)
            return keyed.Estimate <= CountedBeyond * exactUpTo && !(keyed.AtLeast is not null && await keyed.AtLeast() > FloorBeyond * exactUpTo)
                && await keyed.CountUpTo(exactUpTo + 1) is var found && found <= exactUpTo
                ? (found, false) : await EstimatedAsync(db, estimable, exactUpTo, ct);
        if (counted?.Matches is not null
                ? !(counted.MatchesEstimate is not null && await counted.MatchesEstimate() > CountedBeyond * exactUpTo)
                    && !(counted.MatchesAtLeast is not null && await counted.MatchesAtLeast() > FloorBeyond * exactUpTo)
                : await EstimateAsync(db, matching, ct) <= exactUpTo)
        {
            var exact = counted?.Matches is { } ids ? await ids.Take(exactUpTo + 1).CountAsync(ct) : await matching.Take(exactUpTo + 1).CountAsync(ct);
            if (exact <= exactUpTo)
                return (exact, false);
        }
        return await EstimatedAsync(db, estimable, exactUpTo, ct);
    }

    /// `complete`: the request's articles through SearchMatchSet's ids (every public match of q, read already): counted up to
    /// `exactUpTo` without asking the planner first; beyond, the estimate as CountAsync answers it. `known`: how many they are,
    /// when the match set holds exactly the request's matches (SearchMatchPage.Count), instead of counting them.
    public static async Task<(int Total, bool Estimated)> CountCompleteAsync(ArticlesDb db, IQueryable<Article> complete,
        Func<Task<IQueryable<Article>>> estimable, int exactUpTo, CancellationToken ct, int? known = null)
    {
        var exact = known ?? await complete.Take(exactUpTo + 1).CountAsync(ct);
        return exact <= exactUpTo ? (exact, false) : await EstimatedAsync(db, estimable, exactUpTo, ct);
    }

    /// `estimable`'s estimate, answered past the exact limit (at least exactUpTo + 1: the count found more).
    internal static async Task<(int Total, bool Estimated)> EstimatedAsync(ArticlesDb db, Func<Task<IQueryable<Article>>> estimable, int exactUpTo,
        CancellationToken ct)
    {
        var estimate = await EstimateAsync(db, await estimable(), ct);
        return ((int)Math.Min(int.MaxValue, Math.Max(estimate, exactUpTo + 1)), true);
    }

    /// The planner's row estimate for the query, from EXPLAIN with the query's own parameters.
    internal static Task<long> EstimateAsync(ArticlesDb db, IQueryable<Article> articles, CancellationToken ct) =>
        RowsAsync(db, articles.Select(a => a.Id), ct);

    /// The planner's row estimate for any statement, from EXPLAIN with its own parameters.
    internal static async Task<long> RowsAsync<T>(ArticlesDb db, IQueryable<T> statement, CancellationToken ct)
    {
        await using var command = statement.CreateDbCommand();
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var plan = (string)(await command.ExecuteScalarAsync(ct))!;
            using var json = JsonDocument.Parse(plan);
            return (long)json.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
