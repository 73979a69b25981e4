namespace ArticlesApi.Domain;

/// A subscription: content changes of the named event types are delivered to Url, signed with its secret
/// (Standard Webhooks). See docs/decisions/0029-change-feed-and-webhooks.md.
public sealed class Webhook
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Url { get; set; }

    /// Event types, e.g. "article.published" (Features/Webhooks/WebhookEvents).
    public required string[] Events { get; set; }

    public string? Description { get; set; }

    /// The signing secret, encrypted (AES-GCM, WebhookSecrets): it must be readable to sign, so it cannot be a hash.
    public required byte[] SealedSecret { get; set; }

    public bool Enabled { get; set; } = true;

    /// When and why it was disabled: by an admin (PUT enabled=false) or after Webhooks:DisableAfterHours of failures.
    public DateTime? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }

    /// The first failure since the last success; null while deliveries succeed.
    public DateTime? FailingSince { get; set; }

    /// Changes up to this content_changes sequence (the last one committed when it was created) are not delivered to it.
    public long AfterSequence { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// One event for one webhook: created by the dispatcher from a content change, sent by the worker until the
/// receiver answers 2xx or the retry window ends.
public sealed class WebhookDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WebhookId { get; set; }

    /// The content_changes sequence of the event.
    public long Sequence { get; set; }

    /// e.g. "article.published".
    public required string EventType { get; set; }

    /// The `webhook-id` header: the same for every attempt of this event, so receivers can de-duplicate.
    public required string MessageId { get; set; }

    /// The exact body sent on every attempt.
    public required string Payload { get; set; }

    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }

    /// When the next attempt is due (pending), or until when the current attempt holds it (claimed).
    public DateTime? NextAttemptAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }

    /// The start of the receiver's last answer (at most WebhookSender.MaxAnswerBytes), or why there was none.
    public string? LastResponse { get; set; }

    public DateTime? DeliveredAt { get; set; }
}

public enum DeliveryStatus
{
    /// Not delivered yet: an attempt is due at NextAttemptAt.
    Pending,

    /// The receiver answered 2xx.
    Succeeded,

    /// Every attempt of the retry window failed (Webhooks:RetryHours); a manual retry starts again.
    Failed,
}

/// How far a consumer of content_changes has read: advanced in the transaction that acts on the rows read.
public sealed class ChangeConsumer
{
    public required string Name { get; set; }
    public long Position { get; set; }
}
