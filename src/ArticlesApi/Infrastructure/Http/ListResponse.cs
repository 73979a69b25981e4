namespace ArticlesApi.Infrastructure.Http;

/// A page of items, whatever its `meta` holds (SurrogateKeys names the list's kind from it).
public interface IPage<out T>
{
    IReadOnlyList<T> Data { get; }
}

/// Every list: { "data": [...], "meta": { "limit": 20, "nextCursor": "…" | null, "total": 42? } }.
public sealed class ListResponse<T> : IPage<T>
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
}
