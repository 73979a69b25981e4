using ArticlesApi.Data;
using ArticlesApi.Features.Articles.Ready;
using Npgsql;

namespace ArticlesApi.Features.Distribution.Ready;

/// The ready-made sitemap URLs' part of ReadySummaryWorker's catch-up (same lock, batch and progress pattern as the feed
/// items'): renders the rows emptied by a write that bypassed ContentChangeRecorder (or the migration's backfill) and the
/// rows gone stale (a translation come due since they were rendered), then follows content_changes (site events after
/// sitemap_urls_ready_progress.last_sequence) and re-renders every row, newest first, in batches of
/// ReadySummaryWorker.BatchSize, each its own transaction. Until then a month file renders those rows by the query path.
public sealed class ReadySitemapCatchUp
{
    /// pg_try_advisory_xact_lock key of a fan-out batch ("Artismap").
    const long RunLock = 0x4172_7469_736d_6170;
    const int BatchSize = Articles.Ready.ReadySummaryWorker.BatchSize;

    volatile bool _reconciled;
    readonly FanOutProgress _progress = new();
    string _phase = "starting";

    /// Whether the sitemaps are read from the ready-made rows: enabled (ReadyMade:Sitemaps, default true) and the rows
    /// checked once by this process.
    public bool Serves(IConfiguration configuration) => _reconciled && configuration.GetValue(ReadySitemaps.EnabledSetting, true);

    /// As Serves(IConfiguration), with the switch read once (ReadyMadeSwitches).
    public bool Serves(Articles.Ready.ReadyMadeSwitches switches) => _reconciled && switches.Sitemaps;

    /// For /health/ready's "readymade".
    public string Progress => $"sitemap URLs {_phase}: {_progress} re-rendered";

    /// Called by ReadySummaryWorker.CatchUpAsync on its connection, out of any transaction; `advanced`: every instance's
    /// response cache's generation (a batch replaced URLs). Returns how many rows were rendered.
    public async Task<long> CatchUpAsync(ArticlesDb db, DateTime now, bool wait, Action advanced, CancellationToken ct)
    {
        if (!_reconciled)
        {
            _phase = "checking that every article listed has a row";
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A row for every listed article written while the triggers were off (bench/DataGenerator's COPY), none for
            // the others; then the month counts from the rows, the deltas locked against the triggers meanwhile.
            await ExecuteAsync(db, """
                INSERT INTO sitemap_urls_ready (article_id, published_at, updated_at, translation_group_id)
                SELECT a.id, a.published_at, a.updated_at, a.translation_group_id FROM articles a
                WHERE a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.status IN ('published', 'scheduled')
                  AND NOT EXISTS (SELECT 1 FROM sitemap_urls_ready r WHERE r.article_id = a.id)
                ON CONFLICT (article_id) DO NOTHING;
                DELETE FROM sitemap_urls_ready r USING articles a
                WHERE a.id = r.article_id AND NOT (a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.status IN ('published', 'scheduled'));
                LOCK TABLE sitemap_month_deltas IN EXCLUSIVE MODE;
                DELETE FROM sitemap_month_deltas;
                INSERT INTO sitemap_months_ready (month, urls)
                SELECT coalesce(r.month, m.month), coalesce(r.n, 0)
                FROM (SELECT month, count(*)::integer AS n FROM sitemap_urls_ready GROUP BY month) r
                FULL JOIN sitemap_months_ready m ON m.month = r.month
                ON CONFLICT (month) DO UPDATE SET urls = excluded.urls WHERE sitemap_months_ready.urls <> excluded.urls;
                """, ct);
            await ExecuteAsync(db, ReadySitemapLists.ReconcileSql, ct);
            await transaction.CommitAsync(ct);
            _reconciled = true;
        }
        // The month and list deltas the triggers appended, folded into the counts (one statement: a read sees both or neither).
        await ExecuteAsync(db, """
            WITH folded AS (DELETE FROM sitemap_month_deltas RETURNING month, delta)
            INSERT INTO sitemap_months_ready (month, urls) SELECT month, sum(delta) FROM folded GROUP BY month
            ON CONFLICT (month) DO UPDATE SET urls = sitemap_months_ready.urls + excluded.urls
            """, ct);
        await ExecuteAsync(db, ReadySitemapLists.FoldSql, ct);
        long rendered = 0;
        _phase = "rendering new, changed or stale articles";
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await using var claim = ReadyFeedItems.Command(db, $"""
                SELECT article_id FROM sitemap_urls_ready WHERE url IS NULL OR stale_at <= $1 ORDER BY article_id LIMIT {BatchSize}
                FOR UPDATE{(wait ? "" : " SKIP LOCKED")}
                """);
            claim.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            var emptied = await ReadyFeedItems.ReadAsync<Guid>(claim, ct);
            if (emptied.Count == 0)
                break;
            await ReadySitemaps.RefreshAsync(db, [.. emptied], withTranslations: false, ct);
            // No new generation: a file holding such a row rendered it by the query path, the same bytes.
            await transaction.CommitAsync(ct);
            rendered += emptied.Count;
        }
        return rendered + await FanOutEvents.FollowAsync(db, "sitemap_urls_ready_progress", "'site'", async _ =>
        {
            // Newest first: the current months are ready again first.
            _phase = "site changed, every URL";
            await using var all = ReadyFeedItems.Command(db, "SELECT article_id FROM sitemap_urls_ready ORDER BY published_at DESC, article_id DESC");
            return await ReadyFeedItems.ReadAsync<Guid>(all, ct);
        }, ids => RenderInBatchesAsync(db, ids, wait, advanced, ct), () => _phase = "up to date", ct);
    }

    /// False when another instance is re-rendering (it takes the rest).
    Task<bool> RenderInBatchesAsync(ArticlesDb db, IReadOnlyList<Guid> ids, bool wait, Action advanced, CancellationToken ct)
        => FanOutBatches.RenderAsync(db, ids, RunLock, wait, batch => ReadySitemaps.RefreshAsync(db, batch, withTranslations: false, ct), advanced, _progress, ct);

    static async Task ExecuteAsync(ArticlesDb db, string sql, CancellationToken ct)
    {
        await using var command = ReadyFeedItems.Command(db, sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
