using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles.Ready;

/// How far one ready-made kind's fan-out re-render has got, for /health/ready (read while the worker writes it).
public sealed class FanOutProgress
{
    long _done, _total;

    public void Start(int total)
    {
        Interlocked.Exchange(ref _total, total);
        Interlocked.Exchange(ref _done, 0);
    }

    public void Add(int rendered) => Interlocked.Add(ref _done, rendered);

    public override string ToString() => $"{Interlocked.Read(ref _done):N0} of {Interlocked.Read(ref _total):N0}";
}

/// The fan-out re-render every ready-made catch-up shares (summaries, article docs, feed items, sitemap URLs): the rows
/// of `ids` in batches of ReadySummaryWorker.BatchSize, each its own transaction under a transaction-scoped advisory lock
/// of the kind (ADR 0041: no session locks), so of several instances one renders and the others leave it the rest.
static class FanOutBatches
{
    /// False when another instance holds the kind's lock (it takes the rest). `wait`: wait for the lock instead (tests).
    /// `advanced`: called after a batch that changed rows, so every instance's response cache stops serving them.
    public static async Task<bool> RenderAsync(ArticlesDb db, IReadOnlyList<Guid> ids, long runLock, bool wait,
        Func<Guid[], Task<int>> render, Action advanced, FanOutProgress progress, CancellationToken ct)
    {
        progress.Start(ids.Count);
        foreach (var batch in ids.Chunk(ReadySummaryWorker.BatchSize))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await using (var locking = ReadySummaries.Command(db, wait
                ? $"SELECT true FROM pg_advisory_xact_lock({runLock})"
                : $"SELECT pg_try_advisory_xact_lock({runLock})"))
            {
                if (!(bool)(await locking.ExecuteScalarAsync(ct))!)
                    return false;
            }
            var changed = await render(batch);
            await transaction.CommitAsync(ct);
            if (changed > 0)
                advanced();
            progress.Add(batch.Length);
        }
        return true;
    }
}
