using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles.Ready;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Features.Distribution.Ready;

/// The ready-made feed items' part of ReadySummaryWorker's catch-up (same lock, batch and progress pattern):
/// renders the items emptied by a write that bypassed ContentChangeRecorder (or the migration's backfill), then
/// follows content_changes (author, tag, site events after feed_items_ready_progress.last_sequence) and re-renders
/// the items they alter, newest first, in batches of ReadySummaryWorker.BatchSize, each its own transaction.
public sealed class ReadyFeedCatchUp
{
    /// pg_try_advisory_xact_lock key of a fan-out batch ("Artifeed").
    const long RunLock = 0x4172_7469_6665_6564;
    const int BatchSize = Articles.Ready.ReadySummaryWorker.BatchSize;

    volatile bool _reconciled;
    readonly FanOutProgress _progress = new();
    string _phase = "starting";

    /// Whether the feeds are read from the ready-made items: enabled (ReadyMade:Feeds, default true) and the rows
    /// checked once by this process.
    public bool Serves(IConfiguration configuration) => _reconciled && configuration.GetValue(ReadyFeedItems.EnabledSetting, true);

    /// For /health/ready's "readymade".
    public string Progress => $"feed items {_phase}: {_progress} re-rendered";

    /// Called by ReadySummaryWorker.CatchUpAsync on its connection, out of any transaction; `advanced`: every instance's response
    /// cache's generation (a batch replaced items). Returns how many items were rendered.
    /// `now`: the API's clock; `newest`: K (ReadyFeedItems.HorizonSetting), how many public articles the horizon keeps.
    public async Task<long> CatchUpAsync(ArticlesDb db, DateTime now, int newest, bool wait, Action advanced, CancellationToken ct)
    {
        if (!_reconciled)
        {
            _phase = "checking that every article shown has a row";
            await ExecuteAsync(db, """
                INSERT INTO feed_items_ready (article_id, published_at, updated_at)
                SELECT a.id, a.published_at, a.updated_at FROM articles a
                WHERE a.deleted_at IS NULL AND a.published_at IS NOT NULL AND (a.status = 'scheduled'
                    OR a.status = 'published' AND a.published_at >= (SELECT horizon FROM feed_items_ready_progress))
                  AND NOT EXISTS (SELECT 1 FROM feed_items_ready r WHERE r.article_id = a.id)
                ON CONFLICT (article_id) DO NOTHING;
                DELETE FROM feed_items_ready r USING articles a
                WHERE a.id = r.article_id AND NOT (a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.status IN ('published', 'scheduled'));
                """, ct);
            _reconciled = true;
        }
        await AdvanceHorizonAsync(db, now, newest, ct);
        long rendered = 0;
        _phase = "rendering new or changed articles";
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var emptied = await IdsAsync(db, $"""
                SELECT article_id FROM feed_items_ready WHERE rss IS NULL ORDER BY article_id LIMIT {BatchSize}
                FOR UPDATE{(wait ? "" : " SKIP LOCKED")}
                """, ct);
            if (emptied.Count == 0)
                break;
            await ReadyFeedItems.RefreshAsync(db, [.. emptied], ct);
            // No new generation: a feed holding an emptied item was answered by the query path, the same bytes.
            await transaction.CommitAsync(ct);
            rendered += emptied.Count;
        }
        return rendered + await FanOutEvents.FollowAsync(db, "feed_items_ready_progress", "'author', 'tag', 'site'", async events =>
        {
            if (events.Any(e => e.Resource == ContentResource.Site))
            {
                // Newest first: the feeds (read by their query path until then) are ready again after the first batch.
                _phase = "site changed, every item";
                return await IdsAsync(db, "SELECT article_id FROM feed_items_ready ORDER BY published_at DESC, article_id DESC", ct);
            }
            _phase = "authors or tags changed";
            return await ReadyFeedItems.ShowingAsync(db, [.. events.Where(e => e.Resource == ContentResource.Author).Select(e => e.Id)],
                [.. events.Where(e => e.Resource == ContentResource.Tag).Select(e => e.Id)], int.MaxValue, ct);
        }, ids => RenderInBatchesAsync(db, ids, wait, advanced, ct), () => _phase = "up to date", ct);
    }

    /// False when another instance is re-rendering (it takes the rest).
    Task<bool> RenderInBatchesAsync(ArticlesDb db, IReadOnlyList<Guid> ids, bool wait, Action advanced, CancellationToken ct)
        => FanOutBatches.RenderAsync(db, ids, RunLock, wait, batch => ReadyFeedItems.RefreshAsync(db, batch, ct), advanced, _progress, ct);

    /// Moves the horizon forward (never back) to the published_at of the `newest`-th newest public article and deletes the
    /// rows below it, scheduled articles' excepted, in one transaction. Rows are counted, not articles: every public
    /// article at or after the horizon has a row (the trigger), and a row below it only comes after those, so the
    /// `newest`-th row, when not below the horizon, is the `newest`-th public article. A write racing with this keeps
    /// the reads exact (ADR 0045, readyhorizon): the trigger that read the old horizon adds a row below the new one
    /// (extra, never read as complete, deleted next time); one that read the new horizon adds none, and a row is only
    /// missing below a horizon a reader sees, as the horizon only moves forward.
    static async Task AdvanceHorizonAsync(ArticlesDb db, DateTime now, int newest, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using var advance = ReadyFeedItems.Command(db, """
            UPDATE feed_items_ready_progress SET horizon = k.published_at
            FROM (SELECT published_at FROM feed_items_ready WHERE published_at <= $1
                  ORDER BY published_at DESC, article_id DESC OFFSET $2 LIMIT 1) k
            WHERE k.published_at > horizon
            """);
        advance.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
        advance.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(newest, 1) - 1 });
        await advance.ExecuteNonQueryAsync(ct);
        // The horizon sent as a value: under `< (SELECT horizon …)` the planner, not knowing it, guessed a third of the rows below
        // and scanned the whole table on every poll (at 1M 14,618 buffers, 7–15 ms every 2 s; the range on
        // ix_feed_items_ready_newest is 0.1 ms).
        await using var read = ReadyFeedItems.Command(db, "SELECT horizon FROM feed_items_ready_progress");
        var horizon = (await ReadyFeedItems.ReadAsync<DateTime>(read, ct)).Single();
        await using var delete = ReadyFeedItems.Command(db, """
            DELETE FROM feed_items_ready r WHERE r.published_at < $1
                AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.article_id AND a.status = 'scheduled')
            """);
        delete.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = horizon });
        await delete.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    static async Task ExecuteAsync(ArticlesDb db, string sql, CancellationToken ct)
    {
        await using var command = ReadyFeedItems.Command(db, sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    static async Task<List<Guid>> IdsAsync(ArticlesDb db, string sql, CancellationToken ct)
    {
        await using var command = ReadyFeedItems.Command(db, sql);
        return await ReadyFeedItems.ReadAsync<Guid>(command, ct);
    }
}
