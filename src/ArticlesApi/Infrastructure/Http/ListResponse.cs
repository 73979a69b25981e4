namespace ArticlesApi.Infrastructure.Http;

/// Every list: { "data": [...], "meta": { "limit": 20, "nextCursor": "…" | null, "total": 42? } }.
public sealed class ListResponse<T>
{
    public required IReadOnlyList<T> Data { get; init; }
    public required ListMeta Meta { get; init; }
}

public sealed class ListMeta
{
    public required int Limit { get; init; }

    /// Opaque; pass it back as `cursor` for the next page. Null on the last page.
    public required string? NextCursor { get; init; }

    /// Only when the request asked for `total=true`.
    public int? Total { get; init; }

    /// Article searches only: when a search finds fewer than 3 articles, q with its unknown words replaced by the nearest
    /// words of published articles (in the language filtered on, else in any), when there are such words.
    public string? DidYouMean { get; init; }
}
