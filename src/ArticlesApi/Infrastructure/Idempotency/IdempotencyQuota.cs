using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Infrastructure.Idempotency;

/// Keeps one API key's stored answers within Idempotency:MaxBytesPerKey and MaxRecordsPerKey, in the
/// transaction that stores a new answer, so storage never refuses a write: the key's usage row counts
/// what it stores, and when that passes a bound the key's expired answers and then its oldest completed
/// ones (the least likely to be retried) are deleted down to nine tenths of the bounds, so the walk over
/// the key's answers that this takes happens about once in a tenth of the quota, not on every write.
static class IdempotencyQuota
{
    public static async Task EnforceAsync(ArticlesDb db, Guid apiKeyId, byte[] keyHash, int size, DateTime now,
        IdempotencyOptions options)
    {
        // The usage row's lock (held to the commit) lets one enforcer per API key run at a time, so two
        // concurrent writes cannot each leave the other's answer over the quota. It is taken after the
        // endpoint ran, and nothing below waits for another transaction (SKIP LOCKED leaves rows that one
        // is deleting to it), so the lock is short and cannot deadlock.
        // ToList, not Single: EF would wrap the INSERT in a SELECT to add its LIMIT.
        var usage = (await db.Database.SqlQuery<Usage>($"""
            INSERT INTO idempotency_usage AS u (api_key_id, bytes, records) VALUES ({apiKeyId}, {size}, 1)
            ON CONFLICT (api_key_id) DO UPDATE SET bytes = u.bytes + excluded.bytes, records = u.records + 1
            RETURNING bytes AS "Bytes", records AS "Records"
            """).ToListAsync(CancellationToken.None)).Single();
        if (usage.Bytes <= options.MaxBytesPerKey && usage.Records <= options.MaxRecordsPerKey)
            return;

        // The new answer is always kept: its retry must replay it, even when it alone is over the quota.
        var bytes = Math.Max(0, options.MaxBytesPerKey - options.MaxBytesPerKey / 10 - size);
        var records = Math.Max(0, options.MaxRecordsPerKey - options.MaxRecordsPerKey / 10 - 1);
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM idempotency_records WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM idempotency_records
                WHERE api_key_id = {apiKeyId} AND key_hash <> {keyHash}
                  AND (expires_at <= {now} OR key_hash IN (
                      SELECT key_hash FROM (
                          SELECT key_hash, sum(size) OVER newest AS kept_bytes, row_number() OVER newest AS kept_records
                          FROM idempotency_records
                          WHERE api_key_id = {apiKeyId} AND key_hash <> {keyHash} AND status_code IS NOT NULL
                            AND expires_at > {now}
                          WINDOW newest AS (ORDER BY created_at DESC, key_hash DESC ROWS UNBOUNDED PRECEDING)) ranked
                      WHERE kept_bytes > {bytes} OR kept_records > {records}))
                FOR UPDATE SKIP LOCKED))
            """, CancellationToken.None);
        // Exact again: what is stored now, the new answer included (answers of other requests still running
        // are added when they store theirs).
        await db.Database.ExecuteSqlAsync($"""
            UPDATE idempotency_usage SET (bytes, records) = (
                SELECT coalesce(sum(size), 0), count(*) FROM idempotency_records
                WHERE api_key_id = {apiKeyId} AND status_code IS NOT NULL)
            WHERE api_key_id = {apiKeyId}
            """, CancellationToken.None);
    }

    sealed record Usage(long Bytes, int Records);
}
