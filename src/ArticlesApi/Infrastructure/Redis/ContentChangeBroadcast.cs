using System.Globalization;
using ArticlesApi.Infrastructure.Caching;
using StackExchange.Redis;

namespace ArticlesApi.Infrastructure.Redis;

/// Cross-instance invalidation: an instance that commits content changes publishes the highest sequence it
/// committed on the channel `{KeyPrefix}content-changes` (CommittedContentChanges calls Committed after the
/// commit), and every instance that hears it advances its content generation at once instead of at its next
/// poll. The message carries only the sequence, the fact that lives in content_changes; nothing else reacts to
/// it. Pub/sub is at most once: a message lost (Redis down, a reconnect) is made up for by ContentChangePoller,
/// which stays the safety net, and by an advance of the generation whenever the connection drops or returns.
/// The same channel carries `rerendered {process}` after a background re-render batch commits (Rerendered): that
/// changes ready-made rows, not content_changes, so no sequence announces it and no poller would catch it.
public sealed class ContentChangeBroadcast(RedisConnection redis, ContentGeneration generation, ILogger<ContentChangeBroadcast> logger)
    : IHostedService
{
    RedisChannel Channel => RedisChannel.Literal(redis.Name("content-changes"));

    /// This process's re-render announcement: what it hears back from itself it has already acted on.
    readonly string _rerendered = $"{RerenderedPrefix}{Guid.NewGuid():N}";

    const string RerenderedPrefix = "rerendered ";

    /// After the commit of a transaction that recorded changes up to `sequence`. Fire and forget: never waits
    /// for Redis, never fails the write that has already committed.
    public void Committed(long sequence) => Publish(sequence.ToString(CultureInfo.InvariantCulture));

    /// After the commit of a background re-render batch (ReadySummaryWorker and its catch-up phases): this process's
    /// generation advances now, every other one's when it hears of it, instead of their cached pages made of the
    /// replaced rows living Caching:ResponseSeconds. A lost message leaves that bound (ADR 0045, "Fan-outs").
    public void Rerendered()
    {
        generation.Advance();
        Publish(_rerendered);
    }

    void Publish(string message)
    {
        if (!redis.Available)
            return;
        try
        {
            redis.Subscriber.Publish(Channel, message, CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            redis.Failed(e);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!redis.Configured)
            return;
        // Whatever was published while the connection was away is unknown: one advance covers it.
        redis.Interrupted += generation.Advance;
        try
        {
            // Registered with the multiplexer even when Redis is down now; it subscribes again on every reconnect.
            await redis.Subscriber.SubscribeAsync(Channel, (_, message) => Received(message));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Not subscribed to content changes yet ({Error}); subscribing when Redis returns", e.GetBaseException().Message);
        }
    }

    void Received(RedisValue message)
    {
        var text = message.ToString();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            generation.CommittedElsewhere(sequence);
        else if (text.StartsWith(RerenderedPrefix, StringComparison.Ordinal) && text != _rerendered)
            generation.Advance();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
