using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Infrastructure.Resilience;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ArticlesApi.Features.Webhooks;

/// Runs the dispatcher and the sender: every Webhooks:PollMilliseconds, and at once after a write on this
/// instance (the response cache's content generation moves). Every instance may run it: the dispatcher's
/// position lock and the sender's SKIP LOCKED claim make each change one delivery per webhook, sent by one worker at a time.
public sealed class WebhookWorker(NpgsqlDataSource dataSource, WebhookSender sender, ContentGeneration generation, TimeProvider time,
    IOptions<WebhookOptions> options, ILogger<WebhookWorker> logger) : BackgroundService
{
    /// Dispatches every new change, then sends every due delivery; returns how many deliveries were attempted.
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        while (await WebhookDispatcher.DispatchAsync(dataSource, time.GetUtcNow().UtcDateTime, ct) == WebhookDispatcher.BatchSize)
        {
        }
        var limit = Math.Max(1, options.Value.Concurrency);
        var attempted = 0;
        int claimed;
        do
        {
            claimed = await sender.SendDueAsync(limit, ct);
            attempted += claimed;
        } while (claimed == limit);
        return attempted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.PollMilliseconds;
        if (poll <= 0)
            return;
        var seen = -1L;
        var last = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(poll, 20)), time, stoppingToken);
                var current = generation.Current;
                if (current == seen && time.GetElapsedTime(last).TotalMilliseconds < poll)
                    continue;
                seen = current;
                last = time.GetTimestamp();
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Never fatal: what was not dispatched or sent is still there next time.
                if (DatabaseFailures.IsUnavailable(e))
                    logger.LogWarning("Webhooks not sent this time: {Error}", e.GetBaseException().Message);
                else
                    logger.LogError(e, "Webhooks not sent this time");
                await Task.Delay(TimeSpan.FromMilliseconds(poll), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class WebhookServices
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.SecretKey is not { Length: > 0 and < 32 }, "Webhooks:SecretKey must be at least 32 random characters (or unset).")
            .ValidateOnStart();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookWorker>());
        return services;
    }
}
