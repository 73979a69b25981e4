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

    /// Present (true) only when `total` is an estimate: a search with more matches than are counted exactly.
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? TotalIsEstimate { get; set; }
}
