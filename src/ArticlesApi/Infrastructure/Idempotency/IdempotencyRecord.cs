namespace ArticlesApi.Infrastructure.Idempotency;

/// The first response to a POST with an Idempotency-Key, kept for replays (per API key, 24 hours).
/// A row with no StatusCode is a request still being processed. Nothing in it can be read or matched
/// without the caller's API key secret and its Idempotency-Key (see RecordKeys).
public sealed class IdempotencyRecord
{
    public Guid ApiKeyId { get; set; }

    /// Stands for the Idempotency-Key, which is not stored: see RecordKeys.Lookup.
    public required byte[] KeyHash { get; set; }

    /// HMAC-SHA256 of method, path and body: the same key with another request answers 422.
    public required byte[] Fingerprint { get; set; }

    public int? StatusCode { get; set; }

    /// Location, Content-Type and body, compressed and encrypted (StoredAnswer).
    public byte[]? Answer { get; set; }

    /// Length of Answer: what the record counts against Idempotency:MaxBytesPerKey.
    public int Size { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
