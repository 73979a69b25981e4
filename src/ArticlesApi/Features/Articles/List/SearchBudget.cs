using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Articles.List;

/// A search's statements for its rows, its total and its facets run under a budget of wall time (Search:BudgetMilliseconds):
/// when it runs out they are cancelled (Npgsql cancels the statement on the token) and the answer is the fallback, flagged
/// `meta.incompleteResults` (GitHub's search API says `incomplete_results` when its search timed out). The routers decide each
/// shape on estimates, and the shapes they misjudge walked an index over every article until the 5 s statement timeout (503,
/// ~5 s of a 2-core database: ~6 % of random public requests at 1M, bench/studies/worstcap-1m); the budget bounds them all
/// whatever the shape. The request's own cancellation (client gone, request timeout) is not the budget's: it stays as it was.
sealed class SearchBudget : IDisposable
{
    public const string Setting = "Search:BudgetMilliseconds";

    /// Chosen by measurement (ADR 0034, "searchbudget"): above the wall time of the normal searches under a 32-connection
    /// load at 1M, far below the 5 s statement timeout.
    public const int DefaultMilliseconds = 1_000;

    /// The fallback looks for q among this many of the newest articles the request may list: a walk of the date index capped
    /// at this many rows, whatever q and the sort.
    public const int FallbackNewest = 2_000;

    readonly CancellationTokenSource? budget;
    readonly CancellationToken request;

    SearchBudget(CancellationTokenSource? budget, CancellationToken request) => (this.budget, this.request) = (budget, request);

    /// The token the search's statements run with: the request's, linked to the budget when searching (a budget of 0 or less is none).
    public CancellationToken Token => budget?.Token ?? request;

    public static SearchBudget Start(IConfiguration configuration, bool searching, CancellationToken request)
    {
        var milliseconds = configuration.GetValue(Setting, DefaultMilliseconds);
        if (!searching || milliseconds <= 0)
            return new(null, request);
        var budget = CancellationTokenSource.CreateLinkedTokenSource(request);
        budget.CancelAfter(milliseconds);
        return new(budget, request);
    }

    /// Whether `e` is the budget running out, not the request's own cancellation nor the database refusing for another reason.
    public bool RanOut(Exception e) =>
        budget is { IsCancellationRequested: true } && !request.IsCancellationRequested && Walk(e).Any(x =>
            x is OperationCanceledException or PostgresException { SqlState: PostgresErrorCodes.QueryCanceled });

    static IEnumerable<Exception> Walk(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            yield return e;
    }

    public void Dispose() => budget?.Dispose();

    /// What the fallback answers: the page, `total` (flagged an estimate) and the facets (flagged approximate).
    public sealed record Fallback(List<Row> Rows, int? Total, ArticleFacets? Facets, bool? FacetsApproximate);

    /// q's matches among the FallbackNewest newest articles the request may list (every filter applied to them), sorted and paged
    /// as asked (a cursor of this page or of a complete one works on both); `total` the planner's estimate of every match; facets
    /// over the matches found. Every statement reads at most FallbackNewest articles.
    public static async Task<Fallback> FallbackAsync(ArticlesDb db, DateTime now, ArticleViewer viewer, ArticleQuery query, Search search,
        ArticleCursor? after, int take, bool wantsTotal, string[] facetNames, CancellationToken ct)
    {
        var found = await ArticleFilters.MatchingAsync(db, now, viewer, query, search, ct, amongNewest: FallbackNewest);
        var rows = await PageQuery.PageOf(found, query, search, after, take).ToListAsync(ct);
        int? total = null;
        if (wantsTotal)
        {
            var estimate = await SearchTotal.EstimateAsync(db,
                await ArticleFilters.MatchingAsync(db, now, viewer, query, search with { Marked = search.Parsed }, ct, estimate: true), ct);
            total = (int)Math.Min(int.MaxValue, Math.Max(estimate, rows.Count));
        }
        ArticleFacets? facets = null;
        if (facetNames.Length > 0)
            facets = (await Facets.CountAsync(db, found, query.IncludesUndated, facetNames, query.Language, ct)).Facets;
        return new(rows, total, facets, facets is null ? null : true);
    }
}
