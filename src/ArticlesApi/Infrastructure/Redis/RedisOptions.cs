namespace ArticlesApi.Infrastructure.Redis;

/// Redis shared by the instances of one installation (docs/decisions/0046-redis-shared-limits-and-invalidation.md). Without Configuration the API
/// runs as one instance: rate limits and the response cache stay in the process.
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// A StackExchange.Redis connection string ("127.0.0.1:6379,password=…"); empty: no Redis. Its own
    /// connectTimeout / syncTimeout / asyncTimeout win over the bounds below.
    public string Configuration { get; set; } = "";

    /// Prefix of every key and channel, so that several installations can share one Redis.
    public string KeyPrefix { get; set; } = "articles:";

    /// How long connecting (at start and on every reconnect attempt) may take.
    public int ConnectTimeoutMilliseconds { get; set; } = 1000;

    /// How long one command (a rate-limit decision, a publish) may take on the request path before the
    /// request goes on without Redis.
    public int CommandTimeoutMilliseconds { get; set; } = 250;

    /// After a command fails or times out, requests leave Redis alone this long (the circuit is open) and
    /// use the local limits; the connection itself keeps reconnecting in the background.
    public int CircuitSeconds { get; set; } = 5;

    /// The life of a cached answer while Redis is configured but unreachable: other instances' writes are
    /// then only seen by the content-change poller, so answers are kept no longer than this (instead of
    /// Caching:ResponseSeconds).
    public int DegradedResponseSeconds { get; set; } = 5;
}
