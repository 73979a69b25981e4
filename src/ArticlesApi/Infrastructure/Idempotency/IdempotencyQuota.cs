using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Infrastructure.Idempotency;

/// Keeps one API key's stored answers within Idempotency:MaxBytesPerKey and MaxRecordsPerKey by
/// deleting its expired answers and then its oldest completed ones (the least likely to be retried),
/// in the transaction that stores a new answer: storage never refuses a write.
static class IdempotencyQuota
{
    /// The first key of the two-key advisory locks (a key space apart from the one-key locks of start-up).
    const int LockClass = 0x1de3;

    public static async Task EnforceAsync(ArticlesDb db, Guid apiKeyId, byte[] keyHash, int size, DateTime now,
        IdempotencyOptions options)
    {
        // One enforcer per API key at a time, so two concurrent writes cannot each leave the other's answer
        // over the quota. Held only from here to the commit. SKIP LOCKED: rows another transaction is
        // deleting (a takeover, another enforcer) are left to it, so this never waits while holding the lock.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, hashtext({apiKeyId}::text))", CancellationToken.None);
        var bytes = Math.Max(0, options.MaxBytesPerKey - size);
        var records = Math.Max(0, options.MaxRecordsPerKey - 1);
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM idempotency_records WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM idempotency_records
                WHERE api_key_id = {apiKeyId} AND key_hash <> {keyHash}
                  AND (expires_at <= {now} OR key_hash IN (
                      SELECT key_hash FROM (
                          SELECT key_hash, sum(size) OVER newest AS kept_bytes, count(*) OVER newest AS kept_records
                          FROM idempotency_records
                          WHERE api_key_id = {apiKeyId} AND key_hash <> {keyHash} AND status_code IS NOT NULL
                            AND expires_at > {now}
                          WINDOW newest AS (ORDER BY created_at DESC, key_hash DESC)) ranked
                      WHERE kept_bytes > {bytes} OR kept_records > {records}))
                FOR UPDATE SKIP LOCKED))
            """, CancellationToken.None);
    }
}
