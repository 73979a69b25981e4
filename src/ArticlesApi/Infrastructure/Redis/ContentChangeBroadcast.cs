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
public sealed class ContentChangeBroadcast(RedisConnection redis, ContentGeneration generation, ILogger<ContentChangeBroadcast> logger)
    : IHostedService
{
    RedisChannel Channel => RedisChannel.Literal(redis.Name("content-changes"));

    /// After the commit of a transaction that recorded changes up to `sequence`. Fire and forget: never waits
    /// for Redis, never fails the write that has already committed.
    public void Committed(long sequence)
    {
        if (!redis.Available)
            return;
        try
        {
            redis.Subscriber.Publish(Channel, sequence.ToString(CultureInfo.InvariantCulture), CommandFlags.FireAndForget);
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
        if (long.TryParse(message.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            generation.CommittedElsewhere(sequence);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
