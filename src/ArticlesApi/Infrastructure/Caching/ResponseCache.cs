using System.Diagnostics.CodeAnalysis;
using ArticlesApi.Infrastructure.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ArticlesApi.Infrastructure.Caching;

/// An answer as the client received it, and what it is valid for.
public sealed record CachedResponse(int StatusCode, KeyValuePair<string, StringValues>[] Headers, byte[] Body, string ETag,
    long Generation, DateTime ExpiresAt)
{
    /// The headers that belong to the representation. Everything else (security headers, RateLimit,
    /// CORS) is per request and is added to a hit by the middleware in front of the cache.
    public static readonly string[] StoredHeaders =
        [HeaderNames.ContentType, HeaderNames.ETag, HeaderNames.CacheControl, HeaderNames.Vary, HeaderNames.Link, HeaderNames.ContentLanguage];

    public long Size => Body.Length + 512 + Headers.Sum(h => (long)h.Key.Length + h.Value.ToString().Length) * 2;
}

/// Set on a request by ResponseCacheMiddleware on a miss: where its answer goes and what it is valid for. The
/// answer is stored by the place that writes it (Representations), from the bytes it sends, if it is a
/// representation (2xx); a problem is never stored.
public sealed class ResponseCacheFill(ResponseCache cache, string key, long generation, DateTime expiresAt)
{
    public void Store(HttpResponse response, byte[] body, string etag)
    {
        var headers = CachedResponse.StoredHeaders
            .Where(response.Headers.ContainsKey)
            .Select(name => KeyValuePair.Create(name, response.Headers[name]))
            .ToArray();
        cache.Store(key, new CachedResponse(response.StatusCode, headers, body, etag, generation, expiresAt));
    }
}

/// The stored answers, bounded in memory (Caching:SizeLimitMegabytes); entries are dropped when they
/// expire, and ignored when they were computed at an older content generation.
public sealed class ResponseCache(IOptions<CachingOptions> options, TimeProvider time) : IDisposable
{
    readonly MemoryCache _entries = new(new MemoryCacheOptions
    {
        SizeLimit = options.Value.SizeLimitMegabytes * 1024L * 1024L,
        // Entries expire by the application's clock, the one their ExpiresAt comes from.
        Clock = new ApplicationClock(time),
    });

    sealed class ApplicationClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }

    /// The path in lower case and the query in its canonical spelling (values keep their case: cursors need it). Nothing a client can vary without changing
    /// the answer makes a new entry: no answer depends on the scheme or the Host (links are relative or come from
    /// Api:PublicUrl), routes match case-insensitively, and an answer found by a slug or id written in another case
    /// is the same answer (slugs are lower case; ids parse in either case).
    public static string KeyOf(HttpRequest request) =>
        string.Concat(string.Concat(request.PathBase.Value, request.Path.Value).ToLowerInvariant(), CanonicalQuery.Of(request).Value);

    /// Answers held (expired ones until the cache next scans).
    public long Count => _entries.Count;

    public bool TryGet(string key, long generation, DateTime now, [NotNullWhen(true)] out CachedResponse? entry)
    {
        entry = _entries.Get<CachedResponse>(key);
        return entry is not null && entry.Generation == generation && now < entry.ExpiresAt;
    }

    public void Store(string key, CachedResponse entry) =>
        _entries.Set(key, entry, new MemoryCacheEntryOptions { Size = entry.Size + key.Length * 2, AbsoluteExpiration = entry.ExpiresAt });

    public void Dispose() => _entries.Dispose();
}
