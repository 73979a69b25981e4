using System.Buffers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace ArticlesApi.Bench.RawEndpoint
{
    /// The raw counterpart of the API's ready-made front page (src/ArticlesApi/Features/Articles/Ready): with
    /// RAW_READYMADE=1, the unfiltered front page and its cursor pages are the same one statement on
    /// article_summaries_ready, the stored summaries copied between `{"data":[` and the list's meta. The floor the API's
    /// ready-made page is compared with (bench/README.md, "Ready-made front page").
    static class ReadyMade
    {
        public static readonly bool Enabled = Environment.GetEnvironmentVariable("RAW_READYMADE") == "1";

        // The API's statement: the two partial indexes (usual summaries with doc INCLUDEd, large ones from the heap) merged.
        static string Page(string after) => $"""
            (SELECT article_id, published_at, doc FROM article_summaries_ready
             WHERE doc_in_index AND published_at <= $1{after} ORDER BY published_at DESC, article_id DESC LIMIT $2)
            UNION ALL
            (SELECT article_id, published_at, doc FROM article_summaries_ready
             WHERE NOT doc_in_index AND published_at <= $1{after} ORDER BY published_at DESC, article_id DESC LIMIT $2)
            ORDER BY published_at DESC, article_id DESC LIMIT $2
            """;

        static readonly string FirstPage = Page("");

        static readonly string PageAfter = Page(" AND (published_at, article_id) < ($3, $4)");

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
            var rows = new List<(Guid Id, DateTime PublishedAt, byte[] Doc)>(limit + 1);
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    rows.Add((reader.GetGuid(0), reader.GetDateTime(1), reader.GetFieldValue<byte[]>(2)));
            string? next = null;
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
                http.Response.Headers.Append("Link", $"</api/v1/articles?cursor={Uri.EscapeDataString(next)}&limit={limit}>; rel=\"next\"");
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
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = buffer.WrittenCount;
            await http.Response.Body.WriteAsync(buffer.WrittenMemory, ct);
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
