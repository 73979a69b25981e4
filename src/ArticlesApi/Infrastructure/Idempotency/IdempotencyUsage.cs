namespace ArticlesApi.Infrastructure.Idempotency;

/// What one API key's stored answers take, as IdempotencyQuota counts them: each stored answer adds
/// to it; deletes elsewhere (expiry, takeovers) are not subtracted, so it never counts less than the
/// truth, and it is made exact whenever it reaches the quota.
public sealed class IdempotencyUsage
{
    public Guid ApiKeyId { get; set; }
    public long Bytes { get; set; }
    public int Records { get; set; }
}
