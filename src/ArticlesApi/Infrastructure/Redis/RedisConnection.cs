using System.Diagnostics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ArticlesApi.Infrastructure.Redis;

/// The one connection of this process to Redis, when Redis:Configuration is set. Redis is never required:
/// the connection is made without failing the start (AbortOnConnectFail=false) and reconnects by itself;
/// commands fail at once instead of queueing while it is down (BacklogPolicy.FailFast) and time out after
/// Redis:CommandTimeoutMilliseconds; after a failure the circuit stays open for Redis:CircuitSeconds, during
/// which callers do not even try. So a Redis that is down or hanging costs a request nothing or at most one
/// command timeout per circuit period, never seconds per request. Callers ask Available before each use
/// and report their failures (Failed).
public sealed class RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger) : IHostedService, IAsyncDisposable
{
    ConnectionMultiplexer? _multiplexer;
    long _circuitOpenUntil;
    int _lost;

    public RedisOptions Options => options.Value;

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Configuration);

    /// Connected, and no command failed within the last Redis:CircuitSeconds.
    public bool Available =>
        _multiplexer is { IsConnected: true } && Stopwatch.GetTimestamp() >= Interlocked.Read(ref _circuitOpenUntil);

    /// Configured but not available: the API runs on local limits and short cache lives.
    public bool Degraded => Configured && !Available;

    /// The connection was lost (once per outage) or made again: what was announced meanwhile may be missed.
    public event Action? Interrupted;

    public IDatabase Database => (_multiplexer ?? throw new InvalidOperationException("Redis is not configured")).GetDatabase();

    public ISubscriber Subscriber => (_multiplexer ?? throw new InvalidOperationException("Redis is not configured")).GetSubscriber();

    /// A key or channel name under Redis:KeyPrefix.
    public string Name(string name) => options.Value.KeyPrefix + name;

    /// A command failed or timed out: requests leave Redis alone for Redis:CircuitSeconds.
    public void Failed(Exception e)
    {
        var until = Stopwatch.GetTimestamp() + (long)(options.Value.CircuitSeconds * (double)Stopwatch.Frequency);
        var before = Interlocked.Exchange(ref _circuitOpenUntil, until);
        if (Stopwatch.GetTimestamp() >= before)
            logger.LogWarning("Redis command failed, using local limits for {Seconds} s: {Error}", options.Value.CircuitSeconds,
                e.GetBaseException().Message);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Configured)
            return;
        var settings = options.Value;
        var configuration = ConfigurationOptions.Parse(settings.Configuration);
        var given = settings.Configuration.ToLowerInvariant();
        if (!given.Contains("connecttimeout="))
            configuration.ConnectTimeout = settings.ConnectTimeoutMilliseconds;
        if (!given.Contains("synctimeout="))
            configuration.SyncTimeout = settings.CommandTimeoutMilliseconds;
        if (!given.Contains("asynctimeout="))
            configuration.AsyncTimeout = settings.CommandTimeoutMilliseconds;
        // Async timeouts are checked on each heartbeat (1 s by default): as often as the timeout, so a hanging Redis
        // holds a request about CommandTimeoutMilliseconds, not a second.
        configuration.HeartbeatInterval = TimeSpan.FromMilliseconds(Math.Clamp(configuration.AsyncTimeout, 100, 1000));
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new LinearRetry(settings.ConnectTimeoutMilliseconds);
        configuration.ClientName ??= "articles-api";
        // Waits at most ConnectTimeout; a Redis that is down at start leaves the multiplexer connecting in the background.
        _multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        _multiplexer.ConnectionFailed += (_, e) =>
        {
            if (Interlocked.Exchange(ref _lost, 1) == 0)
            {
                logger.LogWarning("Redis connection lost ({Failure}): local rate limits and {Seconds} s cache life until it returns",
                    e.FailureType, settings.DegradedResponseSeconds);
                Interrupted?.Invoke();
            }
        };
        _multiplexer.ConnectionRestored += (_, _) =>
        {
            if (Interlocked.Exchange(ref _lost, 0) == 1)
                logger.LogInformation("Redis connection restored: shared rate limits and invalidation again");
            Interlocked.Exchange(ref _circuitOpenUntil, 0);
            Interrupted?.Invoke();
        };
        if (!_multiplexer.IsConnected)
        {
            _lost = 1;
            logger.LogWarning("Redis not reachable at start: local rate limits and {Seconds} s cache life until it is",
                settings.DegradedResponseSeconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
            await _multiplexer.DisposeAsync();
    }
}
