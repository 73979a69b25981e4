using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.Health;

public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// Seconds between the stop signal (SIGTERM) and the server closing its port. Meanwhile /health/ready answers
    /// 503 and every request is served as usual, so a load balancer that polls /health/ready takes the instance out
    /// before it refuses connections. 0 (the default, one instance) stops at once; behind a load balancer set it
    /// above the balancer's checks-until-down × interval (scripts/cluster.sh: HAProxy fall 2 × inter 1 s → 3 s).
    public int DrainSeconds { get; set; }
}

/// Graceful draining: on the stop signal the instance first says it is not ready, keeps serving for
/// Shutdown:DrainSeconds, then lets the host stop Kestrel, which finishes the requests in flight
/// (HostOptions.ShutdownTimeout, extended by the drain) before the process exits.
public sealed class Draining(IOptions<ShutdownOptions> options, TimeProvider clock, ILogger<Draining> logger)
    : IHostedLifecycleService, IHealthCheck
{
    volatile bool _draining;

    public bool IsDraining => _draining;

    /// Runs before any hosted service (Kestrel included) is stopped.
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var seconds = options.Value.DrainSeconds;
        if (seconds <= 0)
            return;
        logger.LogInformation("Stopping: /health/ready answers 503, serving on for {DrainSeconds} s before closing the port", seconds);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out: stop now.
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_draining
            ? HealthCheckResult.Unhealthy("Shutting down: draining before the port closes")
            : HealthCheckResult.Healthy("Serving"));

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
