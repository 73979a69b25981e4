using System.Buffers;
using System.Text.Json;
using Npgsql;

namespace ArticlesApi.Bench.RawEndpoint
{
    /// The raw counterpart of the API's ready-made author and tag reads (src/ArticlesApi/Features/ReadyNamed), always on: GET /api/v1/authors/{idOrSlug} and /api/v1/tags/{idOrSlug} are the API's one statement on
    /// named_resources_ready joined to the resource (its stored count plus its due scheduled articles), the stored bytes
    /// with the url and the count spliced in, sent with the API's headers (ReadyMade.SendAsync: ETag of the bytes, 304,
    /// Surrogate-Key and Cache-Tag `<kind>-<id> article-counts`, as ReadyNamedRepresentation names them). The floor the
    /// API's ready-made reads are compared with (bench/README.md).
    sealed class ReadyNamed(NpgsqlDataSource dataSource)
    {
        static string Read(string table, string link, string column) => $"""
            SELECT x.id, x.slug, x.published_article_count + (SELECT count(*) FROM articles a
                WHERE a.status = 'scheduled' AND a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.published_at <= $2
                  AND EXISTS (SELECT 1 FROM {link} l WHERE l.article_id = a.id AND l.{column} = x.id OFFSET 0))::integer,
                r.doc, r.url_at, r.count_at
            FROM {table} x JOIN named_resources_ready r ON r.id = x.id
            WHERE x.slug = $1
            """;

        static readonly string Author = Read("authors", "article_authors", "author_id"), Tag = Read("tags", "article_tags", "tag_id");

        string? _siteUrl;

        /// The API's statement for the first page of the public authors list by name (ReadyNamedLists): the (name, id)
        /// index, each author's ready row by its key, its due scheduled articles added to its stored count.
        const string AuthorsPage = """
            WITH due AS MATERIALIZED (
                SELECT array_agg(a.id) AS ids FROM articles a
                WHERE a.status = 'scheduled' AND a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.published_at <= $1)
            SELECT x.id, x.slug, x.name,
                x.published_article_count + CASE WHEN due.ids IS NULL THEN 0
                    ELSE (SELECT count(*) FROM unnest(due.ids) d (id) WHERE EXISTS (SELECT 1 FROM article_authors l WHERE l.article_id = d.id AND l.author_id = x.id OFFSET 0))::integer END,
                r.doc, r.url_at, r.count_at
            FROM due CROSS JOIN authors x LEFT JOIN named_resources_ready r ON r.id = x.id
            WHERE true
            ORDER BY x.name, x.id
            LIMIT $2
            """;

        /// The API's statement for the first page of the public authors list by `-articleCount` (ReadyNamedLists): the
        /// (published_article_count, id) index walked backwards, each author's ready row by its key, only when no scheduled
        /// article is due and unfolded (else no row: the API answers by its query path; this endpoint by a 503).
        const string AuthorsByCountPage = """
            SELECT x.id, x.slug, x.name, x.published_article_count, r.doc, r.url_at, r.count_at
            FROM authors x LEFT JOIN named_resources_ready r ON r.id = x.id
            WHERE NOT EXISTS (SELECT 1 FROM articles a
                WHERE a.status = 'scheduled' AND a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.published_at <= $1)
            ORDER BY x.published_article_count DESC, x.id DESC
            LIMIT $2
            """;

        /// RAW_READYMADE=1: GET /api/v1/authors (first pages only, by name or by `-articleCount`) from the same rows, the
        /// stored bytes spliced between the list's envelope, the cursor and Link as the API makes them.
        public async Task AuthorsList(HttpContext http)
        {
            var ct = http.RequestAborted;
            var query = http.Request.Query;
            var byCount = query.TryGetValue("sort", out var sort) && sort == "-articleCount";
            if (query.ContainsKey("cursor") || (query.ContainsKey("sort") && !byCount && sort != "name"))
            {
                http.Response.StatusCode = 501;
                return;
            }
            var limit = query.TryGetValue("limit", out var l) && int.TryParse(l, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 20;
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await SiteUrlAsync(connection, ct);
            await using var command = new NpgsqlCommand(byCount ? AuthorsByCountPage : AuthorsPage, connection);
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.UtcNow });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
            var body = new ArrayBufferWriter<byte>(16 * 1024);
            body.Write("{\"data\":["u8);
            var count = 0;
            (string Name, Guid Id, int Count) last = default;
            var ids = new List<string>(limit);
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    if (++count > limit)
                        break;
                    if (count > 1)
                        body.Write(","u8);
                    last = (reader.GetString(2), reader.GetGuid(0), reader.GetInt32(3));
                    ids.Add($"author-{last.Id:D}");
                    Splice(body, reader.GetFieldValue<byte[]>(4), reader.GetInt32(5), reader.GetInt32(6), "authors", reader.GetString(1), reader.GetInt32(3));
                }
            }
            if (byCount && count == 0)
            {
                http.Response.StatusCode = 503;
                return;
            }
            var next = count <= limit ? null
                : byCount ? Handlers.NextByCount(http, last.Count, last.Id, "authors\u001fArticleCountDescending")
                : Handlers.NextByName(http, last.Name!, last.Id, "authors");
            body.Write("],"u8);
            var meta = new ArrayBufferWriter<byte>(256);
            await using (var json = new Utf8JsonWriter(meta))
            {
                json.WriteStartObject();
                Handlers.WriteMeta(json, limit, next);
                json.WriteEndObject();
            }
            body.Write(meta.WrittenSpan[1..]);
            await ReadyMade.SendAsync(http, body.WrittenMemory, ReadyMade.Grouped(count == 0 ? ["authors"] : ["authors", "article-counts"], ids), ct);
        }

        async Task SiteUrlAsync(NpgsqlConnection connection, CancellationToken ct)
        {
            if (_siteUrl is null)
            {
                await using var site = new NpgsqlCommand("SELECT url FROM site", connection);
                _siteUrl = ((string)(await site.ExecuteScalarAsync(ct))!).TrimEnd('/');
            }
        }

        /// The stored doc with the url and the count spliced in.
        void Splice(IBufferWriter<byte> body, byte[] doc, int urlAt, int countAt, string kind, string slug, int count)
        {
            body.Write(doc.AsSpan(0, urlAt));
            body.Write(JsonSerializer.SerializeToUtf8Bytes($"{_siteUrl}/{kind}/{Uri.EscapeDataString(slug)}"));
            body.Write(doc.AsSpan(urlAt, countAt - urlAt));
            body.Write(System.Text.Encoding.ASCII.GetBytes(count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            body.Write(doc.AsSpan(countAt));
        }

        public Task Authors(HttpContext http, string idOrSlug) => ServeAsync(http, Author, "authors", "author", idOrSlug);

        public Task Tags(HttpContext http, string idOrSlug) => ServeAsync(http, Tag, "tags", "tag", idOrSlug);

        async Task ServeAsync(HttpContext http, string sql, string kind, string key, string slug)
        {
            var ct = http.RequestAborted;
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await SiteUrlAsync(connection, ct);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.UtcNow });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct) || await reader.IsDBNullAsync(3, ct))
            {
                http.Response.StatusCode = 404;
                return;
            }
            var id = reader.GetGuid(0);
            var name = reader.GetString(1);
            var count = reader.GetInt32(2);
            var doc = reader.GetFieldValue<byte[]>(3);
            int urlAt = reader.GetInt32(4), countAt = reader.GetInt32(5);
            var url = JsonSerializer.SerializeToUtf8Bytes($"{_siteUrl}/{kind}/{Uri.EscapeDataString(name)}");
            var digits = System.Text.Encoding.ASCII.GetBytes(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var body = new byte[doc.Length + url.Length + digits.Length];
            doc.AsSpan(0, urlAt).CopyTo(body);
            url.CopyTo(body.AsSpan(urlAt));
            doc.AsSpan(urlAt, countAt - urlAt).CopyTo(body.AsSpan(urlAt + url.Length));
            digits.CopyTo(body.AsSpan(countAt + url.Length));
            doc.AsSpan(countAt).CopyTo(body.AsSpan(countAt + url.Length + digits.Length));
            await ReadyMade.SendAsync(http, body, ReadyMade.Grouped(["article-counts"], [$"{key}-{id:D}"]), ct);
        }
    }
}
