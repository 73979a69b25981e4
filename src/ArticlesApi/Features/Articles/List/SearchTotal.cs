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

    /// `matching`: the request's articles (q with the language markers); `estimable`: the same filters with q's
    /// plain parses, whose selectivity the planner reads from the index statistics of each lexeme (with the
    /// markers it would multiply two correlated frequencies: a word in every Italian article × the Italian marker).
    public static async Task<(int Total, bool Estimated)> CountAsync(ArticlesDb db, IQueryable<Article> matching,
        IQueryable<Article> estimable, int exactUpTo, CancellationToken ct)
    {
        var estimate = await EstimateAsync(db, estimable, ct);
        if (estimate <= exactUpTo)
        {
            var counted = await matching.Take(exactUpTo + 1).CountAsync(ct);
            if (counted <= exactUpTo)
                return (counted, false);
        }
        return ((int)Math.Min(int.MaxValue, Math.Max(estimate, exactUpTo + 1)), true);
    }

    /// The planner's row estimate for the query, from EXPLAIN with the query's own parameters.
    static async Task<long> EstimateAsync(ArticlesDb db, IQueryable<Article> articles, CancellationToken ct)
    {
        await using var command = articles.Select(a => a.Id).CreateDbCommand();
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
