using ArticlesApi.Data;
using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ArticlesApi.Features.Articles.Ready;

/// ReadySummaryWorker's phase for the ready-made articles (ReadyArticles), run in its catch-up with the same rules:
/// - the docs emptied by a write that bypassed ContentChangeRecorder (ScheduledPublication, BodyRerendering, SQL), made
///   by the migration's backfill, or out of date because a translation scheduled later is now public (stale_at): claimed
///   FOR UPDATE SKIP LOCKED and rendered, 500 a transaction; the query path answers for them meanwhile;
/// - the docs an author, tag, source or site change alters when they are more than ReadySummaries.InlineFanOut: from
///   content_changes after article_docs_ready_progress, in batches, each its own transaction under a transaction-scoped
///   advisory lock (ADR 0041). Until a batch commits, its old docs are served.
/// Its progress is appended to /health/ready's "readymade".
public sealed class ReadyArticleCatchUp
{
    /// pg_try_advisory_xact_lock key of a fan-out batch ("Artirdya").
    const long RunLock = 0x4172_7469_7264_7961;

    bool _reconciled;
    readonly FanOutProgress _progress = new();
    string _phase = "starting";

    public override string ToString() =>
        $"articles {_phase}: {_progress} re-rendered";

    /// One run on `db` (its connection open); `advanced`: every instance's response cache stops serving what a batch
    /// replaced. `wait`: wait for other instances' locks instead of leaving them the work (tests). Returns how many docs.
    public async Task<long> CatchUpAsync(ArticlesDb db, DateTime now, bool wait, Action advanced, CancellationToken ct)
    {
        if (!_reconciled)
        {
            _phase = "checking that every readable article has a row";
            await ReconcileAsync(db, ct);
            _reconciled = true;
        }
        long rendered = 0;
        _phase = "rendering new, changed or due articles";
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var due = await IdsAsync(db, $"""
                SELECT article_id FROM article_docs_ready WHERE doc IS NULL OR stale_at <= $1
                ORDER BY article_id LIMIT {ReadySummaryWorker.BatchSize} FOR UPDATE{(wait ? "" : " SKIP LOCKED")}
                """, now, ct);
            if (due.Count == 0)
                break;
            // A stale doc was answered by the query path, as an emptied one: no new generation.
            await ReadyArticles.RefreshAsync(db, [.. due], ct);
            await transaction.CommitAsync(ct);
            rendered += due.Count;
        }
        return rendered + await FanOutEvents.FollowAsync(db, "article_docs_ready_progress", "'author', 'tag', 'source', 'site'", async events =>
        {
            if (events.Any(e => e.Resource == ContentResource.Site))
            {
                _phase = "site changed, every article";
                return await IdsAsync(db, "SELECT article_id FROM article_docs_ready", null, ct);
            }
            _phase = "authors, tags or sources changed";
            var keys = events.Select(e => ReadyArticles.KeyOf(e.Resource, e.Id)).OfType<string>().Distinct().ToList();
            return await ReadyArticles.ShowingAsync(db, keys, int.MaxValue, ct);
        }, ids => RenderInBatchesAsync(db, ids, wait, advanced, ct), () => _phase = "up to date", ct);
    }

    /// A row to render for every readable article that has none (written while the triggers were off, as
    /// bench/DataGenerator's COPY does), none for an article no longer readable: normally nothing. Once per process.
    static async Task ReconcileAsync(ArticlesDb db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using (var add = Command(db, """
            INSERT INTO article_docs_ready (article_id, slug, published_at, doc, body, keys)
            SELECT a.id, a.slug, a.published_at, NULL, NULL, '{}' FROM articles a
            WHERE a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.status IN ('published', 'scheduled')
              AND NOT EXISTS (SELECT 1 FROM article_docs_ready r WHERE r.article_id = a.id)
            ON CONFLICT (article_id) DO NOTHING
            """))
            await add.ExecuteNonQueryAsync(ct);
        await using (var drop = Command(db, """
            DELETE FROM article_docs_ready r USING articles a
            WHERE a.id = r.article_id AND NOT (a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.status IN ('published', 'scheduled'))
            """))
            await drop.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// False when another instance is re-rendering (it takes the rest).
    Task<bool> RenderInBatchesAsync(ArticlesDb db, IReadOnlyList<Guid> ids, bool wait, Action advanced, CancellationToken ct)
        => FanOutBatches.RenderAsync(db, ids, RunLock, wait, batch => ReadyArticles.RefreshAsync(db, batch, ct), advanced, _progress, ct);

    static async Task<List<Guid>> IdsAsync(ArticlesDb db, string sql, DateTime? at, CancellationToken ct)
    {
        await using var command = Command(db, sql);
        if (at is { } value)
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = value });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// With the worker's command timeout: its first check's anti-joins over 1M articles outlast a request's 5 s.
    static NpgsqlCommand Command(ArticlesDb db, string sql) => ReadySummaries.Command(db, sql);
}
