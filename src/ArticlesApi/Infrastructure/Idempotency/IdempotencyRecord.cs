namespace ArticlesApi.Infrastructure.Idempotency;

/// The first response to a POST with an Idempotency-Key, kept for replays (per API key, 24 hours).
/// A row with no StatusCode is a request still being processed.
public sealed class IdempotencyRecord
{
    public Guid ApiKeyId { get; set; }
    public required string Key { get; set; }

    /// SHA-256 of method, path and body: the same key with another request answers 422.
    public required byte[] Fingerprint { get; set; }

    public int? StatusCode { get; set; }
    public string? Location { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
