using ArticlesApi.Data;
using ArticlesApi.Domain;
using Npgsql;

namespace ArticlesApi.Features.Articles.Ready;

/// The content changes (ADR 0017) that fan out to a ready-made table's rows: updates and deletions of the resources its
/// representations show, after the sequence its progress row has reached. One reader for every ready-made catch-up
/// (summaries, article docs, feed items), each with its own progress table.
static class FanOutEvents
{
    /// At most this many events a round: the caller renders what they alter, advances its progress, and asks again.
    const int Round = 1000;

    /// The newest sequence now (where the progress goes when nothing is left) and the next events after the progress,
    /// oldest first. `progressTable` and `resources` are the caller's constants (a table name, a SQL list of resources).
    public static async Task<(long UpTo, List<(long Sequence, ContentResource Resource, Guid Id)> Events)> NextAsync(
        ArticlesDb db, string progressTable, string resources, CancellationToken ct)
    {
        long upTo, last;
        await using (var sequences = ReadySummaries.Command(db,
            $"SELECT (SELECT coalesce(max(sequence), 0) FROM content_changes), (SELECT last_sequence FROM {progressTable})"))
        await using (var reader = await sequences.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (upTo, last) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        var events = new List<(long Sequence, ContentResource Resource, Guid Id)>();
        await using var read = ReadySummaries.Command(db, $"""
            SELECT sequence, resource, resource_id FROM content_changes
            WHERE sequence > $1 AND resource IN ({resources}) AND kind IN ('updated', 'deleted') ORDER BY sequence LIMIT {Round}
            """);
        read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = last });
        await using var rows = await read.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
            events.Add((rows.GetInt64(0), Enum.Parse<ContentResource>(rows.GetString(1), ignoreCase: true), rows.GetGuid(2)));
        return (upTo, events);
    }

    /// Follows the events after `progressTable`'s sequence, a round at a time: the rows `idsFor` says the round alters are
    /// rendered by `render` (false: another instance holds the batches' lock and takes the rest), then the progress
    /// advances past the round. With nothing left the progress moves to the newest sequence and `upToDate` is called.
    /// Returns how many rows were rendered.
    public static async Task<long> FollowAsync(ArticlesDb db, string progressTable, string resources,
        Func<List<(long Sequence, ContentResource Resource, Guid Id)>, Task<List<Guid>>> idsFor,
        Func<IReadOnlyList<Guid>, Task<bool>> render, Action upToDate, CancellationToken ct)
    {
        long rendered = 0;
        while (true)
        {
            var (upTo, events) = await NextAsync(db, progressTable, resources, ct);
            if (events.Count == 0)
            {
                await AdvanceAsync(db, progressTable, upTo, ct);
                upToDate();
                return rendered;
            }
            var ids = await idsFor(events);
            if (!await render(ids))
                return rendered;
            rendered += ids.Count;
            await AdvanceAsync(db, progressTable, events[^1].Sequence, ct);
        }
    }

    static async Task AdvanceAsync(ArticlesDb db, string progressTable, long sequence, CancellationToken ct)
    {
        await using var advance = ReadySummaries.Command(db, $"UPDATE {progressTable} SET last_sequence = greatest(last_sequence, $1)");
        advance.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        await advance.ExecuteNonQueryAsync(ct);
    }
}
