using ArticlesApi.Infrastructure.Paging;

namespace Articles.List;

/// Where the next page starts: the sort key of the last row seen, and its id. Exactly the key of the
/// query's sort is present (optional members: an absent one is null, and nulls are not written).
sealed record ArticleCursor(Guid Id, long? At = null, string? Title = null, float? Rank = null)
{
    public bool IsValidFor(ArticleQuery query, int titleMaxLength) => CursorFields.IsId(Id) && query.Sort switch
    {
        ArticleSort.Title => CursorFields.IsText(Title, titleMaxLength) && At is null && Rank is null,
        ArticleSort.Relevance => CursorFields.IsRank(Rank) && At is null && Title is null,
        // Undated rows page by createdAt instead, so every date sort's cursor has an instant.
        _ => CursorFields.IsInstant(At) && Title is null && Rank is null,
    };
}
