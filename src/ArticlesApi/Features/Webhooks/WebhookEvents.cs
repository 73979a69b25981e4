using System.Text.Json;
using System.Text.Json.Serialization;
using ArticlesApi.Domain;
using ArticlesApi.Features.Changes;

namespace ArticlesApi.Features.Webhooks;

/// Event types are `{resource}.{type}`, the types those of the change feed as a key sees it (ChangeTypes,
/// ChangeAudience.Everything): articles every type, authors, tags and sources created, updated and deleted.
public static class WebhookEvents
{
    public static readonly string[] All =
    [
        .. new[] { ChangeType.Created, ChangeType.Updated, ChangeType.Published, ChangeType.Unpublished, ChangeType.Deleted, ChangeType.Restored }
            .Select(t => $"article.{t.Name()}"),
        .. new[] { ContentResource.Author, ContentResource.Tag, ContentResource.Source }
            .SelectMany(r => new[] { ChangeType.Created, ChangeType.Updated, ChangeType.Deleted }.Select(t => $"{r.Name()}.{t.Name()}")),
    ];

    public static string TypeOf(ContentChange change) => $"{change.Resource.Name()}.{ChangeTypes.For(change, ChangeAudience.Everything)!.Value.Name()}";

    /// The message id (`webhook-id`) of a change's event: the same for every webhook and every attempt.
    public static string MessageIdOf(long sequence) => $"msg_{sequence}";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// The body, `{ type, timestamp, data }` (Standard Webhooks): timestamp is when the change took effect.
    public static string PayloadOf(ContentChange change) => JsonSerializer.Serialize(new WebhookPayload
    {
        Type = TypeOf(change),
        Timestamp = change.At,
        Data = new WebhookEventData
        {
            Sequence = change.Sequence, Resource = change.Resource.Name(), Id = change.ResourceId, Slug = change.Slug,
            WasPublic = change.WasPublic, IsPublic = change.IsPublic,
        },
    }, Json);
}

/// The body of every webhook request.
public sealed class WebhookPayload
{
    /// `{resource}.{type}`, e.g. `article.published`.
    public required string Type { get; init; }

    /// When the change took effect (for an article published at a scheduled time, that time).
    public required DateTime Timestamp { get; init; }

    public required WebhookEventData Data { get; init; }
}

public sealed class WebhookEventData
{
    /// The change's place in commit order: the change feed's `sequence` (GET /api/v1/changes).
    public required long Sequence { get; init; }

    /// article, author, tag or source.
    public required string Resource { get; init; }

    public required Guid Id { get; init; }

    /// The slug after the change; for a deletion, the slug it had.
    public required string Slug { get; init; }

    /// Articles only: whether anonymous readers could see it just before the change.
    public bool? WasPublic { get; init; }

    /// Articles only: whether anonymous readers can see it after the change (purge or rebuild when either is true).
    public bool? IsPublic { get; init; }
}
