namespace ArticlesApi.Features.Webhooks;

/// Configuration section "Webhooks".
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// Allow targets on loopback, private, link-local and other non-public addresses (tests, a receiver on
    /// the same network). Off by default: otherwise an admin key could make the API call internal services.
    public bool AllowPrivateNetworks { get; set; }

    /// A webhook whose deliveries have failed (and none succeeded) for this long is disabled.
    public double DisableAfterHours { get; set; } = 72;

    /// How long an event is retried (exponential backoff) before its delivery is marked failed.
    public double RetryHours { get; set; } = 24;

    /// The first retry waits this long; each next one twice as long (capped at MaxRetryDelayMinutes).
    public double FirstRetrySeconds { get; set; } = 10;

    public double MaxRetryDelayMinutes { get; set; } = 180;

    /// Connect + send + answer, per attempt.
    public double TimeoutSeconds { get; set; } = 10;

    /// How often the worker looks for new changes and due deliveries (0: never; tests drive it themselves).
    /// Writes on this instance wake it at once.
    public int PollMilliseconds { get; set; } = 1000;

    /// Deliveries sent at the same time by one instance.
    public int Concurrency { get; set; } = 16;

    /// Encryption key of the signing secrets at rest, at least 32 characters. Unset (the default): a random key
    /// of this installation's own, in installation_secrets. Set it to keep the key out of the database.
    public string? SecretKey { get; set; }
}
