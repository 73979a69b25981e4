namespace ArticlesApi.Infrastructure.Idempotency;

/// What one API key may keep in stored answers. Over either bound, that key's oldest completed answers
/// are evicted in the transaction that stores the new one: a write is never refused for storage, and a
/// retry with an evicted Idempotency-Key runs as a new request (docs/decisions/0013-idempotency-sealed-answers-and-quota.md).
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// Bytes of stored answers (compressed and encrypted) per API key. The newest answer is always kept,
    /// even when it alone is larger.
    public long MaxBytesPerKey { get; set; } = 50L * 1024 * 1024;

    /// Stored answers per API key: bounds the rows (and the work of counting them) of a key whose
    /// answers are small. 10,000 is 24 hours at 7 writes a minute, 83 minutes at 120.
    public int MaxRecordsPerKey { get; set; } = 10_000;
}
