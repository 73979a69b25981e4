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

        /// The API's ready-made article read (ReadyArticles.ReadAsync): one statement on the slug's index, the stored doc
        /// (every body format) sent as it is. False when there is no current doc (the API takes its query path then).
        public static async Task<bool> ArticleAsync(HttpContext http, NpgsqlDataSource dataSource, string slug, DateTime now)
        {
            var ct = http.RequestAborted;
            byte[] doc;
            await using (var connection = await dataSource.OpenConnectionAsync(ct))
            await using (var command = new NpgsqlCommand(
                "SELECT doc, body, keys FROM article_docs_ready WHERE slug = $1 AND published_at <= $2 AND (stale_at IS NULL OR stale_at > $2) LIMIT 1", connection))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
                await using var reader = await command.ExecuteReaderAsync(ct);
                if (!await reader.ReadAsync(ct) || await reader.IsDBNullAsync(0, ct))
                    return false;
                doc = reader.GetFieldValue<byte[]>(0);
            }
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = doc.Length;
            await http.Response.Body.WriteAsync(doc, ct);
            return true;
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
