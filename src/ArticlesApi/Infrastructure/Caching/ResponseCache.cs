using System.Diagnostics.CodeAnalysis;
using ArticlesApi.Infrastructure.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ArticlesApi.Infrastructure.Caching;

/// An answer as the client received it, and what it is valid for. Body and ETag are the identity
/// representation's; the body in other content codings is kept beside it once a request has asked for it,
/// so a hit is never compressed again (ContentCodings).
public sealed record CachedResponse(int StatusCode, KeyValuePair<string, StringValues>[] Headers, byte[] Body, string ETag,
    long Generation, DateTime ExpiresAt)
{
    /// The headers that belong to the representation. Everything else (security headers, RateLimit,
    /// CORS) is per request and is added to a hit by the middleware in front of the cache; ETag and
    /// Content-Encoding depend on the coding each hit gets.
    public static readonly string[] StoredHeaders =
        [HeaderNames.ContentType, HeaderNames.CacheControl, HeaderNames.Vary, HeaderNames.Link, HeaderNames.ContentLanguage,
            SurrogateKeys.SurrogateKeyHeader, SurrogateKeys.CacheTagHeader];

    byte[]?[] _codings = [Body, null, null];

    /// The body in this coding, if it has been encoded.
    public byte[]? BodyIn(ContentCoding coding) => _codings[(int)coding];

    /// This entry with the body in one more coding.
    public CachedResponse With(ContentCoding coding, byte[] encoded)
    {
        var codings = (byte[]?[])_codings.Clone();
        codings[(int)coding] = encoded;
        return this with { _codings = codings };
    }

    public long Size => _codings.Sum(b => (long)(b?.Length ?? 0)) + 512 + Headers.Sum(h => (long)h.Key.Length + h.Value.ToString().Length) * 2;
}

/// Set on a request by ResponseCacheMiddleware on a miss: where its answer goes and what it is valid for. The
/// answer is stored by the place that writes it (Representations), from the bytes it sends, if it is a
/// representation (2xx); a problem is never stored.
public sealed class ResponseCacheFill(ResponseCache cache, string key, long generation, DateTime expiresAt)
{
    /// `body` and `etag`: the identity representation's; `encoded`: the body in the coding this request gets.
    public void Store(HttpResponse response, byte[] body, string etag, ContentCoding coding, byte[] encoded)
    {
        var headers = CachedResponse.StoredHeaders
            .Where(response.Headers.ContainsKey)
            .Select(name => KeyValuePair.Create(name, response.Headers[name]))
            .ToArray();
        var entry = new CachedResponse(response.StatusCode, headers, body, etag, generation, expiresAt);
        cache.Store(key, coding == ContentCoding.Identity ? entry : entry.With(coding, encoded));
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

    /// The entry's body in `coding`, encoded now if no request asked for that coding before; kept if the entry is
    /// still the one held under that key (a write may have replaced it meanwhile).
    public byte[] BodyIn(string key, CachedResponse entry, ContentCoding coding)
    {
        if (entry.BodyIn(coding) is { } body)
            return body;
        body = ContentCodings.Encode(entry.Body, coding);
        if (ReferenceEquals(_entries.Get(key), entry))
            Store(key, entry.With(coding, body));
        return body;
    }

    public void Dispose() => _entries.Dispose();
}
