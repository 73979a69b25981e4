using ArticlesApi.Domain;
using Npgsql;
using NpgsqlTypes;

namespace ArticlesApi.Features.Webhooks;

/// Turns committed content changes into deliveries. It reads content_changes past its own position
/// (change_consumers 'webhooks', locked FOR UPDATE so that instances take turns) and inserts the deliveries
/// and the new position in one transaction: every change is read once, whatever crashes. Sequences are handed
/// out in commit order (docs/decisions/0017), so a change committed later always has a higher sequence than
/// the position: none is skipped. The write itself only recorded its change, in its own transaction; that
/// is the event, so no acknowledged write's event can be lost.
public static class WebhookDispatcher
{
    public const string ConsumerName = "webhooks";
    public const int BatchSize = 1000;

    /// Dispatches one batch; returns how many changes it read (BatchSize: call again).
    public static async Task<int> DispatchAsync(NpgsqlDataSource dataSource, DateTime now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        long position;
        await using (var claim = new NpgsqlCommand("SELECT position FROM change_consumers WHERE name = $1 FOR UPDATE", connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ConsumerName });
            // The migration inserted the row (at the last change then): without it nothing would say where to start.
            position = (long?)await claim.ExecuteScalarAsync(ct)
                ?? throw new InvalidOperationException($"change_consumers has no row '{ConsumerName}' (migration H17FeedWebhooks inserts it).");
        }

        var changes = new List<ContentChange>();
        await using (var read = new NpgsqlCommand("""
            SELECT sequence, at, resource, resource_id, slug, kind, was_public, is_public
            FROM content_changes WHERE sequence > $1 ORDER BY sequence LIMIT $2
            """, connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
            read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = BatchSize });
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                changes.Add(new ContentChange
                {
                    Sequence = reader.GetInt64(0), At = reader.GetDateTime(1), Resource = Enum.Parse<ContentResource>(reader.GetString(2), true),
                    ResourceId = reader.GetGuid(3), Slug = reader.GetString(4), Kind = Enum.Parse<ChangeKind>(reader.GetString(5), true),
                    WasPublic = reader.IsDBNull(6) ? null : reader.GetBoolean(6), IsPublic = reader.IsDBNull(7) ? null : reader.GetBoolean(7),
                });
        }
        if (changes.Count == 0)
            return 0;

        var webhooks = new List<(Guid Id, HashSet<string> Events, long After)>();
        await using (var subscribed = new NpgsqlCommand("SELECT id, events, after_sequence FROM webhooks WHERE enabled", connection, transaction))
        await using (var reader = await subscribed.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                webhooks.Add((reader.GetGuid(0), [.. reader.GetFieldValue<string[]>(1)], reader.GetInt64(2)));

        var deliveries = (from change in changes
                          let type = WebhookEvents.TypeOf(change)
                          from webhook in webhooks
                          where change.Sequence > webhook.After && webhook.Events.Contains(type)
                          select (Webhook: webhook.Id, Change: change, Type: type)).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (deliveries.Count > 0)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO webhook_deliveries (id, webhook_id, sequence, event_type, message_id, payload, status, attempts, created_at, next_attempt_at)
                SELECT id, webhook_id, sequence, event_type, message_id, payload, 'pending', 0, $7, $7
                FROM unnest($1, $2, $3, $4, $5, $6) AS d(id, webhook_id, sequence, event_type, message_id, payload)
                ON CONFLICT (webhook_id, sequence) DO NOTHING
                """);
            insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. deliveries.Select(_ => Guid.CreateVersion7())] });
            insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. deliveries.Select(d => d.Webhook)] });
            insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. deliveries.Select(d => d.Change.Sequence)] });
            insert.Parameters.Add(Texts(deliveries.Select(d => d.Type)));
            insert.Parameters.Add(Texts(deliveries.Select(d => WebhookEvents.MessageIdOf(d.Change.Sequence))));
            insert.Parameters.Add(Texts(deliveries.Select(d => WebhookEvents.PayloadOf(d.Change))));
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            batch.BatchCommands.Add(insert);
        }
        var advance = new NpgsqlBatchCommand("UPDATE change_consumers SET position = $2 WHERE name = $1");
        advance.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ConsumerName });
        advance.Parameters.Add(new NpgsqlParameter<long> { TypedValue = changes[^1].Sequence });
        batch.BatchCommands.Add(advance);
        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return changes.Count;
    }

    static NpgsqlParameter<string[]> Texts(IEnumerable<string> values) =>
        new() { TypedValue = [.. values], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
