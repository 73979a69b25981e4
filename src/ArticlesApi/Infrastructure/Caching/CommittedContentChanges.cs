using System.Data.Common;
using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Redis;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ArticlesApi.Infrastructure.Caching;

/// Advances the content generation when a transaction that recorded content changes commits on this
/// process: the writer's next read, and everyone's, sees the write. Nothing is announced before the
/// commit (a read in between would store the old content under the new generation) nor for a
/// transaction rolled back. Other instances hear of it through Redis (ContentChangeBroadcast). Writes
/// from elsewhere, or announcements lost (a crash right after the commit), are caught by ContentChangePoller.
public sealed class CommittedContentChanges(ContentGeneration generation, ContentChangeBroadcast broadcast) : DbTransactionInterceptor
{
    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Forget(eventData);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData,
        DbTransaction result, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Announce(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Announce(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    void Announce(TransactionEndEventData eventData)
    {
        if (eventData.Context is ArticlesDb { RecordedSequence: { } sequence } db)
        {
            db.RecordedSequence = null;
            generation.Committed(sequence);
            broadcast.Committed(sequence);
        }
    }

    /// A transaction disposed without commit or rollback leaves its value behind on a pooled context: the
    /// next transaction starts clean.
    static void Forget(TransactionEndEventData eventData)
    {
        if (eventData.Context is ArticlesDb db)
            db.RecordedSequence = null;
    }
}
