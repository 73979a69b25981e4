namespace ArticlesApi.Infrastructure.Http;

/// One spelling for equivalent query strings: parameters ordered by name (ordinal), each name's values
/// in the order sent, percent-encoded one way. The response cache keys on it, and the paging Link is
/// built from it, so every spelling of a list URL gets byte-identical headers.
public static class CanonicalQuery
{
    public static QueryString Of(IQueryCollection query, string? without = null) =>
        QueryString.Create(query
            .Where(p => without is null || !p.Key.Equals(without, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v))));
}
