namespace ArticlesApi.Features.Articles;

/// The article list: `{ data, meta }` as every list, with the article list's own `meta` (facets).
public sealed class ArticleSummaryList : ArticlesApi.Infrastructure.Http.IPage<ArticleSummary>
{
    public required IReadOnlyList<ArticleSummary> Data { get; init; }
    public required ArticleListMeta Meta { get; init; }
}
