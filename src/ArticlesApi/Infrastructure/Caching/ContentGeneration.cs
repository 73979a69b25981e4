using Npgsql;

namespace ArticlesApi.Infrastructure.Caching;

/// What a cached answer depends on besides its URL: the generation of the content (advanced by every
/// write, after it is committed) and the next moment a scheduled article becomes public. One process
/// only; replicas need a shared generation (docs/decisions/0008).
public sealed class ContentGeneration(NpgsqlDataSource dataSource)
{
    long _current;
    Schedule? _schedule;

    /// The next publication time known at a generation (null: nothing is waiting).
    sealed record Schedule(long Generation, DateTime? Next);

    public long Current => Interlocked.Read(ref _current);

    public void Advance() => Interlocked.Increment(ref _current);

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
            WHERE deleted_at IS NULL AND status IN ('published', 'scheduled') AND published_at > $1
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
        var next = await command.ExecuteScalarAsync(ct) as DateTime?;
        Volatile.Write(ref _schedule, new Schedule(generation, next));
        return next;
    }
}
