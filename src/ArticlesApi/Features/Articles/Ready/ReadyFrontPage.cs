using System.Text.Json;
using Articles.List;
using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Features.Articles.Ready;

/// The public front page and its cursor pages from the ready-made summaries: one statement on the index
/// (published_at DESC, article_id DESC) INCLUDE (doc, keys) (and its twin for the large summaries, without them), the stored bytes copied into the answer between the
/// list's envelope. Same bytes, ETag, Link and surrogate keys as the query path (CompiledFrontPage), which serves
/// when this does not (ReadyMade:FrontPage false, total, facets, a summary still to be rendered). ReadyMadeTests compare the two.
static class ReadyFrontPage
{
    /// Whether the ready-made summaries answer this list: what CompiledFrontPage serves, without total or facets.
    public static bool Serves(ArticleQuery query, ArticleViewer viewer, ArticleCursor? after, bool wantsTotal, string? facets) =>
        CompiledFrontPage.Serves(query, viewer) && !wantsTotal && string.IsNullOrEmpty(facets) && after is not { At: null };

    internal sealed record ReadyRow(Guid Id, DateTime PublishedAt, byte[] Doc, string[] Keys);

    /// A page from the two partial indexes merged: the usual rows from ix_article_summaries_ready_front_page (doc and
    /// keys INCLUDEd: an index-only scan), the large ones (too large for a B-tree tuple, ReadySummaries.IndexedBytes)
    /// from ix_article_summaries_ready_front_page_large and the heap (normally none: an empty scan).
    /// The branches' limit is the largest page's, a constant: with `LIMIT $2` there the generic plan's cost counted 10 %
    /// of each index (an unknown limit), so at 1M PostgreSQL kept planning the statement at every execution (a custom
    /// plan: ~0.1 ms of the page's ~0.2 ms of database CPU). The outer `LIMIT $2` still stops the scans after the page.
    static string Page(string after) => $"""
        (SELECT article_id, published_at, doc, keys FROM article_summaries_ready
         WHERE doc_in_index AND published_at <= $1{after} ORDER BY published_at DESC, article_id DESC LIMIT {MaxTake})
        UNION ALL
        (SELECT article_id, published_at, doc, keys FROM article_summaries_ready
         WHERE NOT doc_in_index AND published_at <= $1{after} ORDER BY published_at DESC, article_id DESC LIMIT {MaxTake})
        ORDER BY published_at DESC, article_id DESC LIMIT $2
        """;

    /// The most rows a page reads: the largest page and the row that says there is a next one.
    const int MaxTake = PageRequest.MaxLimit + 1;

    internal static readonly string FirstPage = Page("");

    static readonly string PageAfter = Page(" AND (published_at, article_id) < ($3, $4)");

    /// The page's rows; null when one of them is still to be rendered (the query path answers then). Sent on the pooled
    /// data source (ReadyStatement), as every ready-made read: observed as every read's.
    public static async Task<List<ReadyRow>?> ReadAsync(ReadyStatement statement, DateTime now, ArticleCursor? after, int take, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, MaxTake);
        await using var reader = await statement.ExecuteReaderAsync(after is null ? FirstPage : PageAfter, after is null
            ? [new NpgsqlParameter<DateTime> { TypedValue = now }, new NpgsqlParameter<int> { TypedValue = take }]
            :
            [
                new NpgsqlParameter<DateTime> { TypedValue = now }, new NpgsqlParameter<int> { TypedValue = take },
                new NpgsqlParameter<DateTime> { TypedValue = CursorFields.Instant(after.At!.Value) }, new NpgsqlParameter<Guid> { TypedValue = after.Id },
            ], ct);
        var row = reader.DbDataReader;
        var rows = new List<ReadyRow>(take);
        while (await row.ReadAsync(ct))
        {
            if (await row.IsDBNullAsync(2, ct))
                return null;
            rows.Add(new ReadyRow(row.GetGuid(0), row.GetDateTime(1), row.GetFieldValue<byte[]>(2), row.GetFieldValue<string[]>(3)));
        }
        return rows;
    }

    /// The page as the query path would write it: `{"data":[` the stored summaries `],"meta":…}`, the envelope made by
    /// the serializer from an empty page with this page's meta.
    public static ReadyPage Page(ListResponse<ReadyRow> page) => new(Envelope(page.Meta), page.Data);

    /// The envelope of a page of `meta.Limit` with `meta.NextCursor`: made by the serializer once per limit, around a
    /// marker cursor, and reused with this page's cursor put in place of the marker when the cursor is written as is
    /// in JSON (base64url and dots: always, as CursorCodec makes them); otherwise serialized for this page.
    static byte[] Envelope(ListMeta meta)
    {
        if (meta.Total is not null)
            return Serialize(meta);
        var template = Envelopes.GetOrAdd(meta.Limit, limit => new EnvelopeTemplate(
            Serialize(new ListMeta { Limit = limit, NextCursor = null }),
            Serialize(new ListMeta { Limit = limit, NextCursor = CursorMarker })));
        if (meta.NextCursor is not { } cursor)
            return template.Last;
        if (!cursor.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            return Serialize(meta);
        var envelope = new byte[template.BeforeCursor.Length + cursor.Length + template.AfterCursor.Length];
        template.BeforeCursor.CopyTo(envelope, 0);
        System.Text.Encoding.ASCII.GetBytes(cursor, envelope.AsSpan(template.BeforeCursor.Length));
        template.AfterCursor.CopyTo(envelope, template.BeforeCursor.Length + cursor.Length);
        return envelope;
    }

    static byte[] Serialize(ListMeta meta) => JsonSerializer.SerializeToUtf8Bytes(new ArticleSummaryList
    {
        Data = [],
        Meta = ArticleListMeta.Of(meta, null, null, null, null),
    }, Representations.Options);

    const string CursorMarker = "readyperf-cursor-marker";

    sealed class EnvelopeTemplate
    {
        public EnvelopeTemplate(byte[] last, byte[] withMarker)
        {
            Last = last;
            var at = withMarker.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(CursorMarker));
            BeforeCursor = withMarker[..at];
            AfterCursor = withMarker[(at + CursorMarker.Length)..];
        }

        /// The envelope of the last page (nextCursor null).
        public byte[] Last { get; }
        public byte[] BeforeCursor { get; }
        public byte[] AfterCursor { get; }
    }

    /// One template per page size (1–100).
    static readonly System.Collections.Concurrent.ConcurrentDictionary<int, EnvelopeTemplate> Envelopes = new();
}

/// A front page of ready-made summaries, written by Representations as any answer (ETag, 304, cache, coding).
sealed class ReadyPage(byte[] envelope, IReadOnlyList<ReadyFrontPage.ReadyRow> rows) : WrittenRepresentation, IKnownSurrogateKeys
{
    static readonly byte[] DataStart = "{\"data\":["u8.ToArray();

    public override string MediaType => "application/json";

    public override void WriteTo(Stream output)
    {
        if (!envelope.AsSpan().StartsWith(DataStart) || envelope[DataStart.Length] != (byte)']')
            throw new InvalidOperationException("The article list no longer starts with its data: the ready-made page cannot be spliced.");
        output.Write(DataStart);
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0)
                output.WriteByte((byte)',');
            output.Write(rows[i].Doc);
        }
        output.Write(envelope.AsSpan(DataStart.Length));
    }

    public IEnumerable<string> ListKeys() => ["articles"];

    public IEnumerable<string> ResourceKeys() => rows.SelectMany(r => r.Keys);
}
