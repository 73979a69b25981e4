using Npgsql;

namespace ArticlesApi.Infrastructure.Caching;

/// What a cached answer depends on besides its URL: the generation of the content and the next moment a
/// scheduled article becomes public. The generation advances after every commit that recorded content
/// changes: at once for this process's own writes (CommittedContentChanges), as soon as
/// Redis announces everyone else's (ContentChangeBroadcast), and within Caching:ChangePollMilliseconds in any case
/// (ContentChangePoller). See docs/decisions/0008 and 0017.
public sealed class ContentGeneration(NpgsqlDataSource dataSource)
{
    long _current;
    long _seenSequence;
    Schedule? _schedule;

    /// The next publication time known at a generation (null: nothing is waiting).
    sealed record Schedule(long Generation, DateTime? Next);

    public long Current => Interlocked.Read(ref _current);

    public void Advance() => Interlocked.Increment(ref _current);

    /// The highest content_changes sequence known to be committed when the generation last advanced.
    public long SeenSequence => Interlocked.Read(ref _seenSequence);

    /// Changes up to `sequence` are committed. Sequences are handed out in commit order, so one advance
    /// after the commit of the highest also covers every lower one, wherever it was written.
    public void Committed(long sequence)
    {
        var seen = Interlocked.Read(ref _seenSequence);
        while (sequence > seen)
        {
            var found = Interlocked.CompareExchange(ref _seenSequence, sequence, seen);
            if (found == seen)
                break;
            seen = found;
        }
        Advance();
    }

    /// Another instance announced that changes up to `sequence` are committed (ContentChangeBroadcast): the
    /// generation advances unless this process has already seen them (its own announcement, or the poller was first).
    public void CommittedElsewhere(long sequence)
    {
        if (sequence > SeenSequence)
            Committed(sequence);
    }

    /// The earliest time after `now` at which an article becomes public without a write (a scheduled
    /// article, or a published one dated in the future; see ArticleVisibility.PublicAt). Asked of the
    /// database once per generation and again once that time has passed. `generation` must have been
    /// read before `now`, and both before the answer that depends on them is computed.
    public async ValueTask<DateTime?> NextPublicationAsync(long generation, DateTime now, CancellationToken ct)
    {
        var known = Volatile.Read(ref _schedule);
        if (known is not null && known.Generation == generation && (known.Next is null || known.Next > now))
            return known.Next;

        await using var command = dataSource.CreateCommand("""
            SELECT min(published_at) FROM articles
            WHERE article_is_public(status, deleted_at, published_at, 'infinity') AND published_at > $1
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
        var next = await command.ExecuteScalarAsync(ct) as DateTime?;
        Volatile.Write(ref _schedule, new Schedule(generation, next));
        return next;
    }
}
