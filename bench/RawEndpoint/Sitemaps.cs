using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Xml;
using XmlText = ArticlesApi.Features.Distribution.XmlText;
using ArticlesApi.Features.Distribution;
using ArticlesApi.Features.Distribution.Ready;
using ArticlesApi.Features.Distribution.Sitemaps;
using Npgsql;

namespace ArticlesApi.Bench.RawEndpoint;

/// The raw counterpart of the API's ready-made sitemap index, month and list files (src/ArticlesApi/Features/Distribution/
/// Ready/ReadySitemaps, ReadySitemapLists): the same statements on sitemap_months_ready and sitemap_urls_ready, and on the
/// lists' counters and partial indexes (the authors', tags' and sources' entries in one statement); the index written by
/// XmlWriter as the API writes it and hashed for its ETag; a month file's ETag from the same key (SitemapQueries.ETag) and
/// its stored URL elements copied between the API's envelope; a list file from the same two statements as the API's,
/// written by the API's StreamedUrlSet. Always the ready rows (the bench writes nothing, so every row is ready); no pipeline.
sealed class RawSitemaps(NpgsqlDataSource dataSource, Distribution site)
{
    const string Months = """
        SELECT c.month, c.urls,
            (SELECT r.updated_at FROM sitemap_urls_ready r WHERE r.month = c.month AND r.published_at <= $1
             ORDER BY r.updated_at DESC LIMIT 1)
        FROM (SELECT month, sum(n)::integer AS urls FROM (
                SELECT month, urls AS n FROM sitemap_months_ready
                UNION ALL SELECT month, delta FROM sitemap_month_deltas
                UNION ALL SELECT month, -count(*) FROM sitemap_urls_ready WHERE published_at > $1 GROUP BY month) t
              GROUP BY month HAVING sum(n) > 0) c
        ORDER BY c.month
        """;

    const string MonthTag = """
        SELECT ((SELECT coalesce(sum(urls), 0) FROM sitemap_months_ready WHERE month = $2)
                + (SELECT coalesce(sum(delta), 0) FROM sitemap_month_deltas WHERE month = $2)
                - (SELECT count(*) FROM sitemap_urls_ready WHERE published_at > $1 AND published_at >= $3 AND published_at < $4))::integer,
            (SELECT updated_at FROM sitemap_urls_ready WHERE month = $2 AND published_at <= $1 ORDER BY updated_at DESC LIMIT 1),
            (SELECT coalesce(max(sequence), 0) FROM content_changes)
        """;

    const string Urls = """
        SELECT url FROM sitemap_urls_ready WHERE published_at >= $2 AND published_at < $3 AND published_at <= $1
        ORDER BY published_at, article_id LIMIT 50000 OFFSET $4
        """;

    /// The API's surrogate keys of the index and of a month file (WrittenSitemap, ReadyUrlSet).
    static readonly string[] IndexKeys = ["articles", "authors", "tags", "sources"];
    static readonly string[] ArticlesKeys = ["articles"];

    public async Task Index(HttpContext http)
    {
        var ct = http.RequestAborted;
        var now = DateTime.UtcNow;
        var listed = new List<(string Name, DateTime LastMod)>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var command = new NpgsqlCommand(Months, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                listed.Add(("articles-" + r.GetFieldValue<DateOnly>(0).ToString("yyyy-MM", CultureInfo.InvariantCulture), r.GetDateTime(2)));
        }
        await using (var command = new NpgsqlCommand(ReadySitemapLists.IndexSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                if (r.GetInt32(2) > 0)
                    listed.Add((r.GetString(1), r.GetDateTime(3)));
        }
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        await using (var stream = new BufferStream(buffer))
        using (var w = XmlWriter.Create(stream, XmlText.Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("sitemapindex", SitemapXml.Ns);
            foreach (var (name, lastMod) in listed)
            {
                w.WriteStartElement("sitemap");
                w.Element("loc", $"/api/v1/sitemaps/{name}.xml");
                w.Element("lastmod", XmlText.W3c(lastMod));
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        // ETags.Of: base64url of the first 16 bytes of the SHA-256, unpadded.
        http.Response.Headers.ETag = $"\"{Convert.ToBase64String(SHA256.HashData(buffer.WrittenSpan), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
        ReadyMade.PublicHeaders(http.Response.Headers, IndexKeys);
        http.Response.ContentType = SitemapXml.Type + "; charset=utf-8";
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, ct);
    }

    public async Task File(HttpContext http, string name)
    {
        var ct = http.RequestAborted;
        var now = DateTime.UtcNow;
        if (SitemapFile.Parse(name) is { Kind: not SitemapKind.Articles } list)
        {
            await ListFile(http, list, now);
            return;
        }
        if (SitemapFile.Parse(name) is not { Kind: SitemapKind.Articles, Month: { } month } file)
        {
            http.Response.StatusCode = 501;
            return;
        }
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        string etag;
        await using (var command = new NpgsqlCommand(MonthTag, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = DateOnly.FromDateTime(month) });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = month });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = month.AddMonths(1) });
            await using var r = await command.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct) || r.GetInt32(0) <= file.Skip || await r.IsDBNullAsync(1, ct))
            {
                http.Response.StatusCode = 404;
                return;
            }
            etag = SitemapQueries.ETag(file, r.GetInt32(0), r.GetDateTime(1), r.GetInt64(2));
        }
        http.Response.Headers.ETag = etag;
        ReadyMade.PublicHeaders(http.Response.Headers, ArticlesKeys);
        http.Response.ContentType = SitemapXml.Type + "; charset=utf-8";
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        buffer.Write(ReadySitemaps.Envelope.Before);
        await using (var command = new NpgsqlCommand(Urls, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = month });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = month.AddMonths(1) });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = file.Skip });
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                buffer.Write(r.GetFieldValue<byte[]>(0));
                if (buffer.WrittenCount >= 64 * 1024)
                {
                    await http.Response.Body.WriteAsync(buffer.WrittenMemory, ct);
                    buffer.ResetWrittenCount();
                }
            }
        }
        buffer.Write(ReadySitemaps.Envelope.After);
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, ct);
    }

    /// An authors, tags or sources file: ReadySitemapLists' two statements, written by the API's StreamedUrlSet.
    async Task ListFile(HttpContext http, SitemapFile file, DateTime now)
    {
        var ct = http.RequestAborted;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        string etag;
        await using (var command = new NpgsqlCommand(ReadySitemapLists.ETagSql[file.Kind], connection))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            await using var r = await command.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct) || r.GetInt32(0) <= file.Skip || await r.IsDBNullAsync(1, ct))
            {
                http.Response.StatusCode = 404;
                return;
            }
            etag = SitemapQueries.ETag(file, r.GetInt32(0), r.GetDateTime(1), r.GetInt64(2));
        }
        var url = SitemapQueries.ListUrl(await site.SiteAsync(connection, ct), file.Kind);
        http.Response.Headers.ETag = etag;
        ReadyMade.PublicHeaders(http.Response.Headers, [file.Kind.ToString().ToLowerInvariant()]);
        http.Response.ContentType = SitemapXml.Type + "; charset=utf-8";
        await using var rows = new NpgsqlCommand(ReadySitemapLists.UrlsSql[file.Kind], connection);
        rows.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
        rows.Parameters.Add(new NpgsqlParameter<int> { TypedValue = file.Skip });
        await new StreamedUrlSet(etag, token => ListUrls(rows, url, token), "").WriteToAsync(http.Response.Body, ct);
    }

    static async IAsyncEnumerable<SitemapUrl> ListUrls(NpgsqlCommand rows, Func<string, string> url, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var r = await rows.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            yield return new SitemapUrl(url(r.GetString(0)), r.GetDateTime(1), []);
    }

    /// A write-only stream over an ArrayBufferWriter (XmlWriter writes to a Stream).
    sealed class BufferStream(ArrayBufferWriter<byte> buffer) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => buffer.WrittenCount;
        public override long Position { get => buffer.WrittenCount; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] b, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] b, int offset, int count) => buffer.Write(b.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> b) => buffer.Write(b);
    }
}
