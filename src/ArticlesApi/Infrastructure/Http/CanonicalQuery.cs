using FastEndpoints;

namespace ArticlesApi.Infrastructure.Http;

/// One spelling for equivalent query strings: each parameter under the name its endpoint declares (names
/// match case-insensitively), ordered by name (ordinal), each name's values in the order sent, empty
/// values left out (an empty parameter means the same as an absent one), percent-encoded one way. The
/// response cache keys on it, and the paging Link is built from it, so every spelling of a list URL
/// shares one cache entry and gets byte-identical headers.
public static class CanonicalQuery
{
    public static QueryString Of(HttpRequest request, string? without = null)
    {
        var endpoint = request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EndpointDefinition>();
        var declared = endpoint is null ? null : DeclaredQuery.Of(endpoint, request.Method);
        return QueryString.Create(request.Query
            .Where(p => without is null || !p.Key.Equals(without, StringComparison.OrdinalIgnoreCase))
            .Select(p => (Name: declared is not null && declared.TryGetName(p.Key, out var name) ? name : p.Key, p.Value))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .SelectMany(p => p.Value.Where(v => !string.IsNullOrEmpty(v)).Select(v => new KeyValuePair<string, string?>(p.Name, v))));
    }
}
