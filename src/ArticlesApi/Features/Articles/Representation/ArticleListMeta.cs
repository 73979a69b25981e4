using System.Text.Json.Serialization;
using ArticlesApi.Infrastructure.Http;

namespace ArticlesApi.Features.Articles;

/// Every list's `meta` (limit, nextCursor, total) and, when asked for with `facets`, the counts a filter sidebar shows.
public sealed class ArticleListMeta
{
    public required int Limit { get; init; }

    /// Opaque; pass it back as `cursor` for the next page. Null on the last page.
    public required string? NextCursor { get; init; }

    /// Only when the request asked for `total=true`.
    public int? Total { get; init; }

    /// Present (true) only when `total` is an estimate: a search with more matches than are counted exactly
    /// (Search:ExactTotalUpTo).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? TotalIsEstimate { get; init; }

    /// Article searches only: when a search finds fewer than 3 articles, q with its unknown words replaced by the nearest
    /// words of published articles (in the language filtered on, else in any), when there are such words.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DidYouMean { get; init; }

    /// Only when the request asked for `facets`: the most common values of each facet asked for among the matches.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ArticleFacets? Facets { get; init; }

    /// Only with `facets`: true when more articles match than the facets count (the newest ones are counted), so the
    /// counts are a sample; false when they count every match.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? FacetsApproximate { get; init; }

    /// Present (true) only when a search ran out of its time budget (Search:BudgetMilliseconds): `data` then holds q's matches
    /// among the 2,000 newest articles of the list only (sorted and paged as asked), `total` is an estimate (`totalIsEstimate`)
    /// and the facets count what was found (`facetsApproximate`). Asking again may find more.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [System.ComponentModel.Description("Present (true) only when a search ran out of its time budget: `data` holds q's matches among the " +
        "2,000 newest articles of the list only (sorted and paged as asked; `nextCursor` works), `total` is an estimate " +
        "(`totalIsEstimate`) and the facets count what was found (`facetsApproximate`). Asking again may find more.")]
    public bool? IncompleteResults { get; init; }

    public static ArticleListMeta Of(ListMeta meta, ArticleFacets? facets, bool? approximate, bool? totalIsEstimate, string? didYouMean,
        bool? incompleteResults = null) => new()
    {
        Limit = meta.Limit, NextCursor = meta.NextCursor, Total = meta.Total, TotalIsEstimate = totalIsEstimate, DidYouMean = didYouMean,
        Facets = facets, FacetsApproximate = approximate, IncompleteResults = incompleteResults,
    };
}
