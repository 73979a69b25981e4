using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ArticlesApi.Data;

/// Inserts the content changes a context's SaveChangesAsync collected in a transaction as the last
/// statement before that transaction commits. The commit-order lock (ContentChangeLog.CommitOrderLock) is
/// so held only for that insert and the commit, and its holder never waits for a row lock, which keeps
/// writers from deadlocking on it. Changes saved after a savepoint that is rolled back to are dropped with
/// it (an idempotent request refused with 4xx). Stateless: the state is the context's.
public sealed class ContentChangeRecorder : DbTransactionInterceptor
{
    public static readonly ContentChangeRecorder Instance = new();

    ContentChangeRecorder()
    {
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Reset(eventData);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData,
        DbTransaction result, CancellationToken cancellationToken = default)
    {
        Reset(eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (Pending(eventData) is { } db)
        {
            Features.Articles.Ready.ReadySummaries.RefreshForAsync(db, db.UncommittedChanges, CancellationToken.None).GetAwaiter().GetResult();
            Features.Distribution.Ready.ReadyFeedItems.RefreshForAsync(db, db.UncommittedChanges, CancellationToken.None).GetAwaiter().GetResult();
            Features.Distribution.Ready.ReadySitemaps.RefreshForAsync(db, db.UncommittedChanges, CancellationToken.None).GetAwaiter().GetResult();
            Features.Articles.Ready.ReadyArticles.RefreshForAsync(db, db.UncommittedChanges, CancellationToken.None).GetAwaiter().GetResult();
            Features.ReadyNamed.ReadyNamedResources.RefreshForAsync(db, db.UncommittedChanges, CancellationToken.None).GetAwaiter().GetResult();
            ArticleRevisionLog.Insert((NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction, db.UncommittedRevisions);
            db.UncommittedRevisions.Clear();
            db.RecordedSequence = ContentChangeLog.InsertCommand((NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction,
                db.UncommittedChanges).ExecuteScalarAndDispose();
            db.UncommittedChanges.Clear();
        }
        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Pending(eventData) is { } db)
        {
            // The ready-made summaries these changes alter, in the same transaction (Features/Articles/Ready).
            await Features.Articles.Ready.ReadySummaries.RefreshForAsync(db, db.UncommittedChanges, cancellationToken);
            await Features.Distribution.Ready.ReadyFeedItems.RefreshForAsync(db, db.UncommittedChanges, cancellationToken);
            await Features.Distribution.Ready.ReadySitemaps.RefreshForAsync(db, db.UncommittedChanges, cancellationToken);
            await Features.Articles.Ready.ReadyArticles.RefreshForAsync(db, db.UncommittedChanges, cancellationToken);
            await Features.ReadyNamed.ReadyNamedResources.RefreshForAsync(db, db.UncommittedChanges, cancellationToken);
            // Revisions first: the content changes stay the last statement (the commit-order lock).
            await ArticleRevisionLog.InsertAsync((NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction,
                db.UncommittedRevisions, cancellationToken);
            db.UncommittedRevisions.Clear();
            db.RecordedSequence = await ContentChangeLog.InsertAsync((NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction,
                db.UncommittedChanges, cancellationToken);
            db.UncommittedChanges.Clear();
        }
        return result;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Reset(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Reset(eventData);
        return Task.CompletedTask;
    }

    public override void CreatedSavepoint(DbTransaction transaction, TransactionEventData eventData) => Mark(eventData);

    public override Task CreatedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        Mark(eventData);
        return Task.CompletedTask;
    }

    public override void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData) => Drop(eventData);

    public override Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Drop(eventData);
        return Task.CompletedTask;
    }

    public override void ReleasedSavepoint(DbTransaction transaction, TransactionEventData eventData) => Release(eventData);

    public override Task ReleasedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    static ArticlesDb? Pending(TransactionEventData eventData) =>
        eventData.Context is ArticlesDb { UncommittedChanges.Count: > 0 } db ? db : null;

    /// A transaction disposed without commit or rollback leaves its changes behind on a pooled context:
    /// the next transaction starts clean.
    static void Reset(TransactionEventData eventData)
    {
        if (eventData.Context is not ArticlesDb db)
            return;
        db.UncommittedChanges.Clear();
        db.UncommittedRevisions.Clear();
        db.SavepointMarks.Clear();
        db.RecordedSequence = null;
    }

    // Savepoints nest: each mark is the number of changes collected when it was created.
    static void Mark(TransactionEventData eventData)
    {
        if (eventData.Context is ArticlesDb db)
            db.SavepointMarks.Add((db.UncommittedChanges.Count, db.UncommittedRevisions.Count));
    }

    static void Drop(TransactionEventData eventData)
    {
        if (eventData.Context is ArticlesDb { SavepointMarks.Count: > 0 } db)
        {
            var (changes, revisions) = db.SavepointMarks[^1];
            db.UncommittedChanges.RemoveRange(changes, db.UncommittedChanges.Count - changes);
            db.UncommittedRevisions.RemoveRange(revisions, db.UncommittedRevisions.Count - revisions);
        }
    }

    static void Release(TransactionEventData eventData)
    {
        if (eventData.Context is ArticlesDb { SavepointMarks.Count: > 0 } db)
            db.SavepointMarks.RemoveAt(db.SavepointMarks.Count - 1);
    }
}
