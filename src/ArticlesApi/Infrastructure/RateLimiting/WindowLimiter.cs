using System.Threading.RateLimiting;

namespace ArticlesApi.Infrastructure.RateLimiting;

/// A fixed window of `limit` permits that knows when its window resets, which the built-in
/// FixedWindowRateLimiter does not tell (RateLimit-Reset needs it). The counting is the built-in
/// limiter's; this class only decides when a window ends, by the application's clock. The partitioned
/// limiter that owns it calls TryReplenish ten times a second, and every acquisition calls it first, so
/// a window that has ended is refilled at once.
public sealed class WindowLimiter : ReplenishingRateLimiter
{
    readonly FixedWindowRateLimiter _inner;
    readonly TimeSpan _window;
    readonly Action<WindowLimiter> _disposed;
    readonly Lock _lock = new();
    readonly TimeProvider _time;
    long _windowStart;

    public WindowLimiter(int limit, TimeSpan window, TimeProvider time, Action<WindowLimiter> disposed)
    {
        Limit = limit;
        _time = time;
        _windowStart = time.GetTimestamp();
        _window = window;
        _disposed = disposed;
        // A one-tick window: every TryReplenish refills, and this class calls it only when its own window ends.
        _inner = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit, Window = TimeSpan.FromTicks(1), QueueLimit = 0, AutoReplenishment = false,
        });
    }

    public int Limit { get; }

    public int Remaining => (int)(_inner.GetStatistics()?.CurrentAvailablePermits ?? 0);

    /// Time until the current window ends and the permits are refilled.
    public TimeSpan ResetAfter
    {
        get
        {
            var left = _window - _time.GetElapsedTime(Volatile.Read(ref _windowStart));
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    public override TimeSpan? IdleDuration => _inner.IdleDuration;

    public override bool IsAutoReplenishing => false;

    public override TimeSpan ReplenishmentPeriod => _window;

    public override bool TryReplenish()
    {
        lock (_lock)
        {
            if (_time.GetElapsedTime(_windowStart) < _window)
                return false;
            Volatile.Write(ref _windowStart, _time.GetTimestamp());
            return _inner.TryReplenish();
        }
    }

    public override RateLimiterStatistics? GetStatistics() => _inner.GetStatistics();

    // A request that costs more than a whole window (RequestCost) costs the whole window, not an exception.
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        TryReplenish();
        return Wrap(_inner.AttemptAcquire(Math.Min(permitCount, Limit)));
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        TryReplenish();
        return Wrap(await _inner.AcquireAsync(Math.Min(permitCount, Limit), cancellationToken));
    }

    RateLimitLease Wrap(RateLimitLease lease)
    {
        if (lease.IsAcquired)
            return lease;
        lease.Dispose();
        return new Rejected(ResetAfter);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _disposed(this);
        }
        base.Dispose(disposing);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return ValueTask.CompletedTask;
    }

    /// A refusal that says when to retry (Retry-After); also Redis's refusals (SharedWindows).
    internal sealed class Rejected(TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
