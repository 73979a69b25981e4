using System.Threading.RateLimiting;
using ArticlesApi.Infrastructure.Redis;
using StackExchange.Redis;

namespace ArticlesApi.Infrastructure.RateLimiting;

/// The rate-limit windows counted in Redis, so that one caller has one window across instances: the same windows
/// as the local limiter (a fixed window per partition, starting at the caller's first request, RequestCost permits
/// per request, a refused request consuming nothing), decided by one Lua script in one round trip, on Redis's
/// clock (instances' clocks may differ). Runs before ASP.NET Core's limiter and leaves it the decision as a lease
/// (RateLimitingSetup.Weighted), so refusals are the same 429 problem with Retry-After, and the headers come from
/// the script's answer. When Redis is not configured, down, or its circuit open (RedisConnection), it does nothing
/// and the local window decides.
sealed class SharedWindows(RequestDelegate next, RedisConnection redis, RateLimitingSetup.Partitions partitions)
{
    const string LeaseItem = "ArticlesApi.SharedRateLimitLease";
    const string StateItem = "ArticlesApi.SharedRateLimitState";

    /// KEYS[1] the window; ARGV limit, cost (at most limit), window in ms. Answers {granted, remaining, ms left}.
    /// A key without a time to live (none is ever written so) starts a new window rather than count forever.
    const string Script = """
        local limit, cost, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl <= 0 then
          redis.call('SET', KEYS[1], cost, 'PX', window)
          return {1, limit - cost, window}
        end
        local used = tonumber(redis.call('GET', KEYS[1]) or '0')
        if used + cost > limit then
          return {0, limit - used, ttl}
        end
        redis.call('INCRBY', KEYS[1], cost)
        return {1, limit - used - cost, ttl}
        """;

    public sealed record State(int Limit, int Remaining, TimeSpan ResetAfter);

    public static State? StateOf(HttpContext context) => context.Items[StateItem] as State;

    /// The decision Redis made for this request, if it made one.
    public static RateLimitLease? LeaseOf(HttpContext context) => context.Items[LeaseItem] as RateLimitLease;

    public async Task InvokeAsync(HttpContext context)
    {
        if (redis.Available)
            await DecideAsync(context);
        await next(context);
    }

    async Task DecideAsync(HttpContext context)
    {
        var (key, window) = partitions.Choose(context);
        var cost = Math.Min(RequestCost.Of(context), window.PermitLimit);
        RedisResult[] answer;
        try
        {
            answer = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(Script, [redis.Name("rate:" + key)],
                [window.PermitLimit, cost, window.WindowSeconds * 1000L]))!;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // This request and those of the next Redis:CircuitSeconds are counted locally.
            redis.Failed(e);
            return;
        }
        var resetAfter = TimeSpan.FromMilliseconds((long)answer[2]);
        context.Items[StateItem] = new State(window.PermitLimit, Math.Max(0, (int)answer[1]), resetAfter);
        context.Items[LeaseItem] = (int)answer[0] == 1 ? Granted.Instance : new WindowLimiter.Rejected(resetAfter);
    }

    sealed class Granted : RateLimitLease
    {
        public static readonly Granted Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
