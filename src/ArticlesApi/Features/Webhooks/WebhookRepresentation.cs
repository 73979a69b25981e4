using System.Linq.Expressions;
using ArticlesApi.Domain;

namespace ArticlesApi.Features.Webhooks;

/// A webhook as admins see it; the secret only in the answer that creates it.
public class WebhookResponse
{
    public required Guid Id { get; init; }
    public required string Url { get; init; }

    /// Event types delivered, e.g. `article.published`.
    public required IReadOnlyList<string> Events { get; init; }

    public string? Description { get; init; }

    /// False when an admin disabled it, or after `Webhooks:DisableAfterHours` of failed deliveries: nothing is sent, and
    /// changes made meanwhile are not queued for it.
    public required bool Enabled { get; init; }

    public DateTime? DisabledAt { get; init; }
    public string? DisabledReason { get; init; }

    /// Since when every delivery has failed (null while they succeed).
    public DateTime? FailingSince { get; init; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
}

/// One event for one webhook, and what happened to it.
public sealed class DeliveryResponse
{
    public required Guid Id { get; init; }

    /// The event type, e.g. `article.published`.
    public required string Event { get; init; }

    /// The `webhook-id` header of every attempt (the same for the event's every delivery and retry).
    public required string MessageId { get; init; }

    /// The change feed's sequence of the change.
    public required long Sequence { get; init; }

    /// pending (an attempt is due at `nextAttemptAt`), succeeded (answered 2xx) or failed (retries ended).
    public required string Status { get; init; }

    public required int Attempts { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? NextAttemptAt { get; init; }
    public DateTime? LastAttemptAt { get; init; }

    /// The HTTP status of the last answer; null when there was none (timeout, refused connection, refused address).
    public int? LastStatusCode { get; init; }

    /// The start of the last answer's body (at most 1 KiB), or why there was no answer.
    public string? LastResponse { get; init; }

    public DateTime? DeliveredAt { get; init; }
}

public static class WebhookProjections
{
    public static readonly Expression<Func<Webhook, WebhookResponse>> Admin = w => new WebhookResponse
    {
        Id = w.Id, Url = w.Url, Events = w.Events, Description = w.Description, Enabled = w.Enabled, DisabledAt = w.DisabledAt,
        DisabledReason = w.DisabledReason, FailingSince = w.FailingSince, CreatedAt = w.CreatedAt, UpdatedAt = w.UpdatedAt,
    };

    public static readonly Expression<Func<WebhookDelivery, DeliveryResponse>> Delivery = d => new DeliveryResponse
    {
        Id = d.Id, Event = d.EventType, MessageId = d.MessageId, Sequence = d.Sequence,
        Status = d.Status == DeliveryStatus.Pending ? "pending" : d.Status == DeliveryStatus.Succeeded ? "succeeded" : "failed",
        Attempts = d.Attempts, CreatedAt = d.CreatedAt, NextAttemptAt = d.NextAttemptAt, LastAttemptAt = d.LastAttemptAt,
        LastStatusCode = d.LastStatusCode, LastResponse = d.LastResponse, DeliveredAt = d.DeliveredAt,
    };
}
