using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace ArticlesApi.Bench.RawEndpoint
{
    /// The raw counterpart of the API's ready-made front page (src/ArticlesApi/Features/Articles/Ready): with
    /// RAW_READYMADE=1, the unfiltered front page and its cursor pages are the same one statement on
    /// article_summaries_ready, the stored summaries copied between `{"data":[` and the list's meta. The floor the API's
    /// ready-made page is compared with (bench/README.md, "Ready-made front page").
    /// Like for like (helper readyperf): it reads the same columns as the API (doc and keys) and sends the same
    /// headers: the ETag of the bytes (SHA-256, as Infrastructure/Http/ETags.cs), 304 on If-None-Match, Cache-Control,
    /// Vary, Link, Surrogate-Key and Cache-Tag grouped as SurrogateKeys does, and the security headers. What it leaves
    /// out is the API's pipeline itself (routing to an endpoint, binding and validating the query, the middlewares).
    static class ReadyMade
    {
        public static readonly bool Enabled = Environment.GetEnvironmentVariable("RAW_READYMADE") == "1";

        // The API's statement: the two partial indexes (usual summaries with doc INCLUDEd, large ones from the heap) merged;
        // the branches' limit a constant (the largest page + 1), so that PostgreSQL keeps the generic plan (ReadyFrontPage).
        static string Page(string after) => $"""
            (SELECT article_id, published_at, doc, keys FROM article_summaries_ready
             WHERE doc_in_index AND published_at <= $1{after} ORDER BY published_at DESC, article_id DESC LIMIT 101)
            UNION ALL
            (SELECT article_id, published_at, doc, keys FROM article_summaries_ready
             WHERE NOT doc_in_index AND published_at <= $1{after} ORDER BY published_at DESC, article_id DESC LIMIT 101)
            ORDER BY published_at DESC, article_id DESC LIMIT $2
            """;

        static readonly string FirstPage = Page("");

        static readonly string PageAfter = Page(" AND (published_at, article_id) < ($3, $4)");

        /// The API's ready-made article read (ReadyArticles.ReadAsync): one statement on the slug's index, the stored doc
        /// (every body format) sent as it is, with the API's headers (Send: ETag of the bytes, 304, Surrogate-Key and
        /// Cache-Tag from the stored keys grouped as SurrogateKeys does). False when there is no current doc (the API
        /// takes its query path then).
        public static async Task<bool> ArticleAsync(HttpContext http, NpgsqlDataSource dataSource, string slug, DateTime now)
        {
            var ct = http.RequestAborted;
            byte[] doc;
            string[] keys;
            await using (var connection = await dataSource.OpenConnectionAsync(ct))
            await using (var command = new NpgsqlCommand(
                "SELECT doc, body, keys FROM article_docs_ready WHERE slug = $1 AND published_at <= $2 AND (stale_at IS NULL OR stale_at > $2) AND site_version = $3 LIMIT 1", connection))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
                // The API's site comes from its in-process cache; here read once (the bench changes no settings).
                _siteVersion ??= await SiteVersionAsync(dataSource, ct);
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _siteVersion.Value });
                await using var reader = await command.ExecuteReaderAsync(ct);
                if (!await reader.ReadAsync(ct) || await reader.IsDBNullAsync(0, ct))
                    return false;
                doc = reader.GetFieldValue<byte[]>(0);
                keys = reader.GetFieldValue<string[]>(2);
            }
            // Stored as SurrogateKeys.Of(article) gave them: resource keys by kind, then list keys.
            await SendAsync(http, doc, Grouped(keys.Where(k => k.Length <= 37), keys.Where(k => k.Length > 37)), ct);
            return true;
        }

        static long? _siteVersion;

        static async Task<long> SiteVersionAsync(NpgsqlDataSource dataSource, CancellationToken ct)
        {
            await using var command = dataSource.CreateCommand("SELECT xmin::text::bigint FROM site");
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }

        public static async Task ServeAsync(HttpContext http, NpgsqlDataSource dataSource, int limit, DateTime? at, Guid id, string scope)
        {
            var ct = http.RequestAborted;
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var command = new NpgsqlCommand(at is null ? FirstPage : PageAfter, connection);
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.UtcNow });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
            if (at is not null)
            {
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = at.Value });
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            }
            var rows = new List<(Guid Id, DateTime PublishedAt, byte[] Doc, string[] Keys)>(limit + 1);
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    rows.Add((reader.GetGuid(0), reader.GetDateTime(1), reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<string[]>(3)));
            string? next = null;
            var headers = http.Response.Headers;
            if (rows.Count > limit)
            {
                rows.RemoveAt(rows.Count - 1);
                var payload = new ArrayBufferWriter<byte>(128);
                await using (var p = new Utf8JsonWriter(payload))
                {
                    p.WriteStartObject();
                    p.WriteString("id", rows[^1].Id);
                    p.WriteNumber("at", rows[^1].PublishedAt.Ticks);
                    p.WriteEndObject();
                }
                next = Cursors.Encode(payload.WrittenSpan, scope);
                headers.Append("Link", $"</api/v1/articles?limit={limit}&cursor={Uri.EscapeDataString(next)}>; rel=\"next\"");
            }
            var buffer = new ArrayBufferWriter<byte>(32 * 1024);
            buffer.Write("{\"data\":["u8);
            for (var i = 0; i < rows.Count; i++)
            {
                if (i > 0)
                    buffer.Write(","u8);
                buffer.Write(rows[i].Doc);
            }
            buffer.Write(Encoding.UTF8.GetBytes($"],\"meta\":{{\"limit\":{limit},\"nextCursor\":{(next is null ? "null" : $"\"{next}\"")},\"total\":null}}}}"));

            await SendAsync(http, buffer.WrittenMemory, Keys(rows.Select(r => r.Keys)), ct);
        }

        /// A ready-made answer with the headers the API sends for a public ConditionalRead (Representations,
        /// ContentCodings.Describe, SecurityHeadersMiddleware): the ETag of the bytes (SHA-256, as
        /// Infrastructure/Http/ETags.cs), Cache-Control, Vary, Surrogate-Key and Cache-Tag, the security headers, and
        /// 304 when If-None-Match names the ETag. Identity only (the bench sends no Accept-Encoding unless told).
        public static async Task SendAsync(HttpContext http, ReadOnlyMemory<byte> body, IReadOnlyList<string> keys, CancellationToken ct)
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(body.Span, hash);
            var etag = $"\"{Convert.ToBase64String(hash[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
            var headers = http.Response.Headers;
            PublicHeaders(headers, keys);
            headers.ETag = etag;
            // A 304 has no Content-Type and no Link (ResponseBuffer.NotModified).
            if (http.Request.Headers.IfNoneMatch.ToString().Contains(etag, StringComparison.Ordinal))
            {
                headers.Remove("Link");
                http.Response.StatusCode = 304;
                return;
            }
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body, ct);
        }

        /// What the API adds to a public ConditionalRead's answer besides its ETag and Content-Type (Representations'
        /// Cache-Control and Vary, SurrogateKeys, ContentCodings.Describe, SecurityHeadersMiddleware): the same header bytes.
        public static void PublicHeaders(IHeaderDictionary headers, IReadOnlyList<string> keys)
        {
            headers.CacheControl = "public, max-age=60";
            headers.Vary = "Authorization, Accept-Encoding";
            headers["Surrogate-Key"] = string.Join(' ', keys);
            headers["Cache-Tag"] = string.Join(',', keys);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-site";
        }

        /// Keys known beforehand as SurrogateKeys groups them (IKnownSurrogateKeys): list keys in order, then each
        /// kind's `<kind>-<id>` in the order found, without duplicates; resources by kind first, then the lists, within
        /// 7,000 characters (the most numerous kind folded into its list key).
        public static List<string> Grouped(IEnumerable<string> listKeys, IEnumerable<string> resourceKeys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var lists = listKeys.Where(seen.Add).ToList();
            var byKind = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var key in resourceKeys)
            {
                if (key.Length <= 37 || !seen.Add(key))
                    continue;
                var kind = key[..^37];
                if (!byKind.TryGetValue(kind, out var keys))
                    byKind[kind] = keys = [];
                keys.Add(key);
            }
            return Bounded(byKind, lists);
        }

        static List<string> Bounded(Dictionary<string, List<string>> byKind, List<string> lists)
        {
            while (byKind.Count > 0 && lists.Sum(k => k.Length + 1) + byKind.Values.Sum(k => k.Sum(x => x.Length + 1)) - 1 > 7000)
            {
                var (kind, _) = byKind.MaxBy(pair => pair.Value.Count);
                byKind.Remove(kind);
                if (!lists.Contains(kind + "s"))
                    lists.Add(kind + "s");
            }
            return [.. byKind.Values.SelectMany(k => k), .. lists];
        }

        /// The page's keys as the API's SurrogateKeys groups stored keys: each kind's `<kind>-<id>` in the order
        /// found, without duplicates, then `articles`; within 7,000 characters (the most numerous kind folded into its list key).
        static List<string> Keys(IEnumerable<string[]> rows)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { "articles" };
            var byKind = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var lists = new List<string> { "articles" };
            foreach (var key in rows.SelectMany(k => k))
            {
                if (key.Length <= 37 || !seen.Add(key))
                    continue;
                var kind = key[..^37];
                if (!byKind.TryGetValue(kind, out var keys))
                    byKind[kind] = keys = [];
                keys.Add(key);
            }
            return Bounded(byKind, lists);
        }
    }
}

namespace ArticlesApi.Bench.RawEndpoint
{
    using ArticlesApi.Features.Distribution.Feeds;
    using ArticlesApi.Features.Distribution.Ready;
    using ArticlesApi.Features.Distribution.Sitemaps;
    using ArticlesApi.Features.SiteSettings;

    /// The raw counterpart of the API's ready-made feeds and news sitemap (src/ArticlesApi/Features/Distribution/Ready):
    /// with RAW_READYMADE=1, the same one statement on feed_items_ready, the stored fragments copied between the envelope
    /// that the API's FeedFragments cuts from its own writers; no ETag, no pipeline.
    static class ReadyMadeFeeds
    {
        const string Newest = """
            SELECT updated_at, {0} FROM feed_items_ready WHERE published_at <= $1{1}
            ORDER BY published_at DESC, article_id DESC LIMIT $2
            """;

        public static async Task ServeAsync(HttpContext http, NpgsqlDataSource dataSource, SiteUrls site, ReadyFormat format, string mediaType)
        {
            var ct = http.RequestAborted;
            var now = DateTime.UtcNow;
            var news = format == ReadyFormat.News;
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var command = new NpgsqlCommand(string.Format(Newest, format.ToString().ToLowerInvariant(), news ? " AND published_at >= $3" : ""), connection);
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = news ? NewsSitemap.MaxUrls : FeedArticles.DefaultLimit });
            if (news)
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now - NewsSitemap.Window });
            var items = new List<(DateTime Updated, byte[] Fragment)>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    items.Add((reader.GetDateTime(0), reader.GetFieldValue<byte[]>(1)));
            if (items.Count == 0)
            {
                http.Response.StatusCode = 404;
                return;
            }
            var home = site.Site.Url.TrimEnd('/');
            var (before, after) = news ? FeedFragments.NewsEnvelope : FeedFragments.Envelope(format, new Feed(site.Site.Name, site.Site.Description,
                site.Site.Languages.FirstOrDefault() ?? "en", home, home, null, site.Site.LogoUrl, items.Max(i => i.Updated), []));
            var buffer = new ArrayBufferWriter<byte>(before.Length + after.Length + items.Sum(i => i.Fragment.Length + 1));
            buffer.Write(before);
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0 && format == ReadyFormat.Json)
                    buffer.Write(","u8);
                buffer.Write(items[i].Fragment);
            }
            buffer.Write(after);
            http.Response.ContentType = mediaType + "; charset=utf-8";
            http.Response.ContentLength = buffer.WrittenCount;
            await http.Response.Body.WriteAsync(buffer.WrittenMemory, ct);
        }
    }
}
