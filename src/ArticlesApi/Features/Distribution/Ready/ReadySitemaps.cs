using System.Runtime.CompilerServices;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Features.Distribution.Sitemaps;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace ArticlesApi.Features.Distribution.Ready;

/// The ready-made sitemap index and monthly article sitemaps (tables sitemap_urls_ready, sitemap_months_ready): each
/// published or scheduled article out of the trash has its `url` element (loc, lastmod, the hreflang alternates of its
/// public translations) as the bytes the query path writes for it (SitemapQueries, StreamedUrlSet), rendered as a reader
/// sees it once it is due (max(published_at, clock)) with `stale_at` the time a translation scheduled later joins its
/// alternates; the months table counts the rows per month of publication. The reads filter `published_at <= now`
/// themselves: a scheduled article enters its month file and the index at its time without any job. Same bytes, ETag and
/// surrogate keys as the query path; ReadySitemapTests compare the two. docs/decisions/0045-readymade-front-page.md,
/// readysitemap section.
public static class ReadySitemaps
{
    /// false: the sitemap index and the month files are always read by their query path (the rows are still kept).
    public const string EnabledSetting = "ReadyMade:Sitemaps";

    /// A month file's rows are read in keyset batches of this many (and the ones not ready rendered with them).
    const int Batch = 1_000;

    static readonly SitemapUrl Placeholder = new("https://readymade.invalid/", DateTime.UnixEpoch, []);

    /// The `urlset` around the URLs, as StreamedUrlSet writes it: cut where a placeholder URL stands.
    public static readonly (byte[] Before, byte[] After) Envelope = Split(Write(Placeholder), Fragment(Placeholder));

    /// The URL's element, byte for byte what StreamedUrlSet writes for it inside its `urlset` (it never indents and
    /// declares both namespaces on the root, so an element's bytes do not depend on its neighbours).
    public static byte[] Fragment(SitemapUrl url)
    {
        var document = Write(url);
        var from = document.AsSpan().IndexOf("<url>"u8);
        var to = document.AsSpan().LastIndexOf("</url>"u8);
        if (from < 0 || to < from)
            throw new InvalidOperationException("The sitemap writer no longer writes its URLs as the ready-made sitemaps cut them.");
        return document[from..(to + "</url>".Length)];
    }

    static byte[] Write(SitemapUrl url)
    {
        using var buffer = new MemoryStream();
        new StreamedUrlSet("", _ => One(url), "articles").WriteToAsync(buffer, CancellationToken.None).GetAwaiter().GetResult();
        return buffer.ToArray();
    }

#pragma warning disable CS1998 // one URL, no await: the writer takes an async sequence
    static async IAsyncEnumerable<SitemapUrl> One(SitemapUrl url)
    {
        yield return url;
    }
#pragma warning restore CS1998

    static (byte[] Before, byte[] After) Split(byte[] document, byte[] placeholder)
    {
        var at = document.AsSpan().IndexOf(placeholder);
        if (at < 0)
            throw new InvalidOperationException("The sitemap writer no longer writes its envelope as the ready-made sitemaps splice it.");
        return (document[..at], document[(at + placeholder.Length)..]);
    }

    static T? Service<T>(ArticlesDb db) where T : class =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<T>();

    /// Refreshes the URLs of the changes about to commit in this transaction (ContentChangeRecorder): every article
    /// changed and the other versions of its translation group (their alternates name it). Nothing else fans out: a
    /// URL shows no author, tag or source; the site's URL settings are re-rendered in the background (ReadySitemapCatchUp),
    /// the reads rendering by the query path the rows made with other settings meanwhile.
    public static async Task RefreshForAsync(ArticlesDb db, IReadOnlyList<ContentChange> changes, CancellationToken ct)
    {
        var ids = changes.Where(c => c.Resource == ContentResource.Article).Select(c => c.ResourceId).Distinct().ToArray();
        if (ids.Length > 0)
            await RefreshAsync(db, ids, withTranslations: true, ct);
    }

    /// Renders the URLs of `ids` (and, `withTranslations`, of the other versions of their groups) as this transaction
    /// sees them, in its transaction, after locking their rows (of two transactions, the later renders after the earlier
    /// committed). Articles without a row are skipped; a row whose article is no longer listed is deleted. Returns how many
    /// rows changed.
    public static async Task<int> RefreshAsync(ArticlesDb db, Guid[] ids, bool withTranslations, CancellationToken ct)
    {
        if (withTranslations)
        {
            // Index scans only (primary key, then the group's partial index): no OR, which would scan the table.
            await using var group = ReadyFeedItems.Command(db, """
                SELECT article_id FROM sitemap_urls_ready WHERE article_id = ANY($1)
                UNION
                SELECT r.article_id FROM sitemap_urls_ready r
                WHERE r.translation_group_id IS NOT NULL AND r.translation_group_id IN
                    (SELECT translation_group_id FROM sitemap_urls_ready WHERE article_id = ANY($1) AND translation_group_id IS NOT NULL)
                """);
            group.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            ids = [.. await ReadyFeedItems.ReadAsync<Guid>(group, ct)];
        }
        await using (var lockRows = ReadyFeedItems.Command(db, "SELECT article_id FROM sitemap_urls_ready WHERE article_id = ANY($1) ORDER BY article_id FOR UPDATE"))
        {
            lockRows.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            ids = [.. await ReadyFeedItems.ReadAsync<Guid>(lockRows, ct)];
        }
        if (ids.Length == 0)
            return 0;
        var clock = (Service<TimeProvider>(db) ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        // The site as this transaction sees it (a change of its URLs in it included), not the cached one.
        var site = new SiteUrls(await db.Sites.AsNoTracking().SingleAsync(ct), 0);
        var listed = await db.Articles.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.DeletedAt == null && a.PublishedAt != null
                && (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled))
            .Select(a => new { a.Id, PublishedAt = a.PublishedAt!.Value })
            .ToListAsync(ct);
        // Each as a reader sees it once it is due: due ones at the clock, together; a scheduled one at its own time.
        var urls = new List<(Guid Id, SitemapUrl Url)>();
        foreach (var at in listed.GroupBy(a => a.PublishedAt > clock ? a.PublishedAt : clock))
            urls.AddRange(await SitemapQueries.UrlsOfIdsAsync(db, site, at.Key, [.. at.Select(a => a.Id)], ct));
        var kept = urls.Select(u => u.Id).ToArray();
        var stale = kept.Length == 0 ? [] : await Articles.Ready.ReadyArticles.StaleAtAsync(db, kept, clock, ct);
        int changed;
        await using (var drop = ReadyFeedItems.Command(db, "DELETE FROM sitemap_urls_ready WHERE article_id = ANY($1) AND NOT article_id = ANY($2)"))
        {
            drop.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            drop.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = kept });
            changed = await drop.ExecuteNonQueryAsync(ct);
        }
        if (kept.Length == 0)
            return changed;
        await using var write = ReadyFeedItems.Command(db, """
            UPDATE sitemap_urls_ready r SET url = x.url, stale_at = x.stale_at, site_version = $4
            FROM unnest($1, $2, $3) AS x (id, url, stale_at)
            WHERE r.article_id = x.id AND (r.url, r.stale_at, r.site_version) IS DISTINCT FROM (x.url, x.stale_at, $4)
            """);
        write.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = kept });
        write.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. urls.Select(u => Fragment(u.Url))] });
        write.Parameters.Add(new NpgsqlParameter<DateTime?[]>
        {
            TypedValue = [.. kept.Select(id => stale.TryGetValue(id, out var at) ? at : (DateTime?)null)],
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        });
        write.Parameters.Add(new NpgsqlParameter<long> { TypedValue = site.Site.Version });
        return changed + await write.ExecuteNonQueryAsync(ct);
    }

    /// The sitemap index's entries: the months from their counts (the folded counts plus the deltas not yet folded, minus
    /// their rows not yet due, a range of the order index holding only scheduled articles) and one index probe each for the newest lastmod of their due rows; a month
    /// past 50,000 URLs reads its pages' lastmods from its rows in order (as the query path does); then the authors, tags
    /// and sources from theirs (ReadySitemapLists). One statement for the months, one for the lists.
    public static async Task<List<SitemapQueries.Listed>> IndexAsync(ReadyStatement statement, DateTime now, CancellationToken ct)
    {
        var months = new List<(DateTime Month, int Count, DateTime Last)>();
        await using (var reader = await statement.ExecuteReaderAsync("""
            SELECT c.month, c.urls,
                (SELECT r.updated_at FROM sitemap_urls_ready r WHERE r.month = c.month AND r.published_at <= $1
                 ORDER BY r.updated_at DESC LIMIT 1)
            FROM (SELECT month, sum(n)::integer AS urls FROM (
                    SELECT month, urls AS n FROM sitemap_months_ready
                    UNION ALL SELECT month, delta FROM sitemap_month_deltas
                    UNION ALL SELECT month, -count(*) FROM sitemap_urls_ready WHERE published_at > $1 GROUP BY month) t
                  GROUP BY month HAVING sum(n) > 0) c
            ORDER BY c.month
            """, [new NpgsqlParameter<DateTime> { TypedValue = now }], ct))
        {
            var row = reader.DbDataReader;
            while (await row.ReadAsync(ct))
            {
                var month = row.GetFieldValue<DateOnly>(0).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                months.Add((month, row.GetInt32(1), row.GetDateTime(2)));
            }
        }
        var listed = new List<SitemapQueries.Listed>();
        foreach (var (month, count, last) in months)
        {
            var first = new SitemapFile(SitemapKind.Articles, month, 1);
            if (count <= SitemapFile.MaxUrls)
            {
                listed.Add(new SitemapQueries.Listed(first.Name, last));
                continue;
            }
            for (var page = 1; (page - 1) * SitemapFile.MaxUrls < count; page++)
            {
                var file = first with { Page = page };
                await using var reader = await statement.ExecuteReaderAsync("""
                    SELECT max(updated_at) FROM (SELECT updated_at FROM sitemap_urls_ready
                        WHERE published_at >= $2 AND published_at < $3 AND published_at <= $1
                        ORDER BY published_at, article_id OFFSET $4 LIMIT $5) p
                    """,
                [
                    new NpgsqlParameter<DateTime> { TypedValue = now }, new NpgsqlParameter<DateTime> { TypedValue = month },
                    new NpgsqlParameter<DateTime> { TypedValue = month.AddMonths(1) }, new NpgsqlParameter<int> { TypedValue = file.Skip },
                    new NpgsqlParameter<int> { TypedValue = SitemapFile.MaxUrls },
                ], ct);
                await reader.DbDataReader.ReadAsync(ct);
                listed.Add(new SitemapQueries.Listed(file.Name, reader.DbDataReader.GetDateTime(0)));
            }
        }
        await ReadySitemapLists.AddListsAsync(statement, now, listed, ct);
        return listed;
    }

    /// A month file's ETag as the query path makes it (SitemapQueries.ETag: the month's due URLs, their newest lastmod,
    /// the last content change), from the month's count and deltas, its rows not yet due and one index probe; null when the
    /// file does not exist (no URL, or a page past the last).
    public static async Task<string?> ETagAsync(ReadyStatement statement, DateTime now, SitemapFile file, CancellationToken ct)
    {
        var month = file.Month!.Value;
        await using var reader = await statement.ExecuteReaderAsync("""
            SELECT ((SELECT coalesce(sum(urls), 0) FROM sitemap_months_ready WHERE month = $2)
                    + (SELECT coalesce(sum(delta), 0) FROM sitemap_month_deltas WHERE month = $2)
                    - (SELECT count(*) FROM sitemap_urls_ready WHERE published_at > $1 AND published_at >= $3 AND published_at < $4))::integer,
                (SELECT updated_at FROM sitemap_urls_ready WHERE month = $2 AND published_at <= $1 ORDER BY updated_at DESC LIMIT 1),
                (SELECT coalesce(max(sequence), 0) FROM content_changes)
            """,
        [
            new NpgsqlParameter<DateTime> { TypedValue = now }, new NpgsqlParameter<DateOnly> { TypedValue = DateOnly.FromDateTime(month) },
            new NpgsqlParameter<DateTime> { TypedValue = month }, new NpgsqlParameter<DateTime> { TypedValue = month.AddMonths(1) },
        ], ct);
        var row = reader.DbDataReader;
        if (!await row.ReadAsync(ct) || row.GetInt32(0) <= file.Skip || await row.IsDBNullAsync(1, ct))
            return null;
        return SitemapQueries.ETag(file, row.GetInt32(0), row.GetDateTime(1), row.GetInt64(2));
    }

    /// The month file's URL elements in order, read in keyset batches: the stored ones that are ready (rendered, with the
    /// site settings the request reads, not stale), the others rendered by the query path with the batch (a write that
    /// bypassed the recorder, a site change not yet re-rendered, a translation come due): the same bytes either way. `db`
    /// is called (a context leased) only for those.
    public static async IAsyncEnumerable<byte[]> FragmentsAsync(ReadyStatement statement, Func<ArticlesDb> db, SiteUrls site, DateTime now,
        SitemapFile file, [EnumeratorCancellation] CancellationToken ct)
    {
        var month = file.Month!.Value;
        var left = SitemapFile.MaxUrls;
        (DateTime PublishedAt, Guid Id)? last = null;
        while (left > 0)
        {
            var size = Math.Min(Batch, left);
            var batch = new List<(Guid Id, DateTime PublishedAt, byte[]? Url)>(size);
            var parameters = new List<System.Data.Common.DbParameter>
            {
                new NpgsqlParameter<DateTime> { TypedValue = now }, new NpgsqlParameter<DateTime> { TypedValue = month },
                new NpgsqlParameter<DateTime> { TypedValue = month.AddMonths(1) }, new NpgsqlParameter<int> { TypedValue = size },
                new NpgsqlParameter<long> { TypedValue = site.Site.Version },
            };
            if (last is { } after)
            {
                parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = after.PublishedAt });
                parameters.Add(new NpgsqlParameter<Guid> { TypedValue = after.Id });
            }
            else
                parameters.Add(new NpgsqlParameter<int> { TypedValue = file.Skip });
            await using (var reader = await statement.ExecuteReaderAsync($"""
                SELECT article_id, published_at,
                    CASE WHEN url IS NOT NULL AND site_version = $5 AND (stale_at IS NULL OR stale_at > $1) THEN url END
                FROM sitemap_urls_ready
                WHERE published_at >= $2 AND published_at < $3 AND published_at <= $1
                    {(last is null ? "" : "AND (published_at, article_id) > ($6, $7)")}
                ORDER BY published_at, article_id LIMIT $4{(last is null ? " OFFSET $6" : "")}
                """, [.. parameters], ct))
            {
                var row = reader.DbDataReader;
                while (await row.ReadAsync(ct))
                    batch.Add((row.GetGuid(0), row.GetDateTime(1), await row.IsDBNullAsync(2, ct) ? null : row.GetFieldValue<byte[]>(2)));
            }
            var missing = batch.Where(r => r.Url is null).Select(r => r.Id).ToArray();
            var rendered = missing.Length == 0 ? []
                : (await SitemapQueries.UrlsOfIdsAsync(db(), site, now, missing, ct)).ToDictionary(u => u.Id, u => Fragment(u.Url));
            foreach (var row in batch)
                if ((row.Url ?? rendered.GetValueOrDefault(row.Id)) is { } url)
                    yield return url;
            if (batch.Count < size)
                yield break;
            left -= batch.Count;
            last = (batch[^1].PublishedAt, batch[^1].Id);
        }
    }

    /// A month file of ready-made URL elements between the `urlset` StreamedUrlSet writes, streamed in 64 KB chunks
    /// (Representations: the ETag given, 304, coding).
    public sealed class ReadyUrlSet(string etag, Func<CancellationToken, IAsyncEnumerable<byte[]>> urls) : StreamedRepresentation, ISurrogateKeyed
    {
        const int ChunkBytes = 64 * 1024;

        public IEnumerable<string> SurrogateKeys() => ["articles"];

        public override string MediaType => SitemapXml.Type;
        public override string ETag => etag;

        public override async Task WriteToAsync(Stream output, CancellationToken ct)
        {
            using var buffer = ResponseBuffer.Rent();
            buffer.Write(Envelope.Before);
            await foreach (var url in urls(ct).WithCancellation(ct))
            {
                buffer.Write(url);
                if (buffer.Length >= ChunkBytes)
                    await SendAsync(buffer, output, ct);
            }
            buffer.Write(Envelope.After);
            await SendAsync(buffer, output, ct);
        }

        static async Task SendAsync(MemoryStream buffer, Stream output, CancellationToken ct)
        {
            await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
            buffer.SetLength(0);
        }
    }
}
