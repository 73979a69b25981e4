using System.Text.Json;
using Articles.List;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ArticlesApi.Features.Articles.Ready;

/// The ready-made article summaries of the public front page (table article_summaries_ready): each published or
/// scheduled article out of the trash, as the bytes of its summary that the list's query path writes, with the
/// surrogate keys it shows. Rendered by the query path's own code (PageQuery.PageRow, the page's authors and tags,
/// Row.ToSummary, Representations.Options), so a ready page and a queried page are the same bytes; the status is
/// rendered as a reader sees it once the article is visible ("published"), which is the only time the front page
/// shows it: the read filters on published_at &lt;= now. docs/decisions/0045-readymade-front-page.md.
public static class ReadySummaries
{
    /// An author or tag shown by at most this many ready summaries (ReadyMade:InlineFanOut, default 200) is
    /// re-rendered in the transaction that changed it; beyond, ReadySummaryWorker re-renders them from the change
    /// event, and the old summaries are served meanwhile.
    public const string InlineFanOutSetting = "ReadyMade:InlineFanOut";
    public const int DefaultInlineFanOut = 200;

    /// Refreshes the summaries of the changes about to commit in this transaction (ContentChangeRecorder): every
    /// article changed, and the articles showing an author or tag changed when they are few (InlineFanOut).
    public static async Task RefreshForAsync(ArticlesDb db, IReadOnlyList<ContentChange> changes, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        var keys = new List<string>();
        foreach (var change in changes)
        {
            if (change.Resource == ContentResource.Article)
                ids.Add(change.ResourceId);
            // A new author or tag is shown only by articles changed with it.
            else if (change.Kind is ChangeKind.Updated or ChangeKind.Deleted && KeyOf(change.Resource, change.ResourceId) is { } key)
                keys.Add(key);
        }
        if (keys.Count > 0)
        {
            var inline = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
                ?.GetService<IConfiguration>()?.GetValue(InlineFanOutSetting, DefaultInlineFanOut) ?? DefaultInlineFanOut;
            var showing = await ShowingAsync(db, keys, inline + 1, ct);
            if (showing.Count <= inline)
                ids.UnionWith(showing);
        }
        if (ids.Count > 0)
            await RefreshAsync(db, [.. ids], ct);
    }

    /// The surrogate key a summary carries for an author or tag (what a change of it may alter); null for the others.
    internal static string? KeyOf(ContentResource resource, Guid id) => resource switch
    {
        ContentResource.Author => $"author-{id:D}",
        ContentResource.Tag => $"tag-{id:D}",
        _ => null,
    };

    /// The articles whose ready summary shows any of `keys`, at most `limit`.
    internal static Task<List<Guid>> ShowingAsync(ArticlesDb db, IReadOnlyList<string> keys, int limit, CancellationToken ct) =>
        ShowingAsync(db, "article_summaries_ready", keys, limit, ct);

    /// The articles whose row in `table` (a ready-made table with a `keys` column) shows any of `keys`, at most `limit`.
    internal static async Task<List<Guid>> ShowingAsync(ArticlesDb db, string table, IReadOnlyList<string> keys, int limit, CancellationToken ct)
    {
        await using var command = Command(db, $"SELECT article_id FROM {table} WHERE keys && $1 LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// Renders the summaries of `ids` from the rows as this transaction sees them, in the transaction open on `db`:
    /// the ready rows are locked first, so of two transactions refreshing an article the later renders after the
    /// earlier committed. An article that is no longer published or scheduled (or is gone) loses its row.
    /// Returns how many summaries changed (rows rendered the same are not written again).
    public static async Task<int> RefreshAsync(ArticlesDb db, Guid[] ids, CancellationToken ct)
    {
        Array.Sort(ids);
        await using (var lockRows = Command(db, "SELECT 1 FROM article_summaries_ready WHERE article_id = ANY($1) ORDER BY article_id FOR UPDATE"))
        {
            lockRows.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            await lockRows.ExecuteNonQueryAsync(ct);
        }
        var rendered = await RenderAsync(db, ids, ct);
        var kept = rendered.Select(r => r.Id).ToArray();
        int changed;
        await using (var drop = Command(db, "DELETE FROM article_summaries_ready WHERE article_id = ANY($1) AND NOT article_id = ANY($2)"))
        {
            drop.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            drop.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = kept });
            changed = await drop.ExecuteNonQueryAsync(ct);
        }
        if (rendered.Count == 0)
            return changed;
        await using var write = Command(db, """
            INSERT INTO article_summaries_ready (article_id, published_at, language, doc, keys, doc_in_index)
            SELECT id, published_at, language, doc, string_to_array(keys, ' '), doc_in_index
            FROM unnest($1, $2, $3, $4, $5, $6) AS r (id, published_at, language, doc, keys, doc_in_index)
            ON CONFLICT (article_id) DO UPDATE SET published_at = excluded.published_at, language = excluded.language,
                doc = excluded.doc, keys = excluded.keys, doc_in_index = excluded.doc_in_index
            WHERE (article_summaries_ready.published_at, article_summaries_ready.language, article_summaries_ready.doc, article_summaries_ready.keys)
                IS DISTINCT FROM (excluded.published_at, excluded.language, excluded.doc, excluded.keys)
            """);
        write.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = kept });
        write.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. rendered.Select(r => r.PublishedAt)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        write.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rendered.Select(r => r.Language)] });
        write.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. rendered.Select(r => r.Doc)] });
        write.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rendered.Select(r => string.Join(' ', r.Keys))] });
        write.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. rendered.Select(r => FitsInIndex(r.Doc, r.Keys))] });
        return changed + await write.ExecuteNonQueryAsync(ct);
    }

    /// The most bytes of doc and keys (each key counted with 8 bytes of array overhead) that a row of the front page's
    /// index INCLUDEs. A B-tree refuses a tuple over 2,704 bytes after compression; below this it fits even when nothing
    /// compresses (the rest of the tuple is under 100 bytes). A larger summary (long texts, many authors and tags) is
    /// indexed without its doc and keys and read from the heap (ix_article_summaries_ready_front_page_large).
    public const int IndexedBytes = 2_560;

    internal static bool FitsInIndex(byte[] doc, IReadOnlyList<string> keys) =>
        doc.Length + keys.Sum(k => k.Length + 8) <= IndexedBytes;

    internal sealed record Rendered(Guid Id, DateTime PublishedAt, string Language, byte[] Doc, IReadOnlyList<string> Keys);

    /// The summaries of those of `ids` the front page may show at some time (published or scheduled, out of the trash),
    /// as the query path makes them.
    internal static async Task<List<Rendered>> RenderAsync(ArticlesDb db, Guid[] ids, CancellationToken ct)
    {
        var rows = await db.Articles.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.DeletedAt == null && a.PublishedAt != null
                && (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled))
            .Select(PageQuery.PageRow)
            .ToListAsync(ct);
        if (rows.Count == 0)
            return [];
        var shown = rows.Select(r => r.Id).ToArray();
        var authors = (await CompiledPageAuthorsAndTags.AuthorsAsync(db, shown, ct)).ToLookup(x => x.ArticleId, x => x.Author);
        var tags = (await CompiledPageAuthorsAndTags.TagsAsync(db, shown, ct)).ToLookup(x => x.ArticleId, x => x.Tag);
        // The site as this transaction sees it (a change of the site's URLs in it included), not the cached one.
        var site = new SiteUrls(await db.Sites.AsNoTracking().SingleAsync(ct), 0);
        return [.. rows.Select(row =>
        {
            // Rendered as visible: the front page shows it only from published_at on, when a scheduled article reads as published.
            var summary = row.ToSummary(authors[row.Id].ToList(), tags[row.Id].ToList(), DateTime.MaxValue, site);
            return new Rendered(row.Id, row.PublishedAt!.Value, row.Language,
                JsonSerializer.SerializeToUtf8Bytes(summary, Representations.Options), SurrogateKeys.Of(summary));
        })];
    }

    /// A command on the context's connection and transaction, with the context's command timeout when one is set
    /// (ReadySummaryWorker's, longer than a request's), else the connection string's.
    internal static NpgsqlCommand Command(ArticlesDb db, string sql)
    {
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        if (db.Database.GetCommandTimeout() is { } seconds)
            command.CommandTimeout = seconds;
        return command;
    }
}
