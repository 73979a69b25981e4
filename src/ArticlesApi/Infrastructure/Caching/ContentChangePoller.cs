using Microsoft.Extensions.Options;
using Npgsql;

namespace ArticlesApi.Infrastructure.Caching;

/// Reads content_changes past the last sequence this process has seen, every
/// Caching:ChangePollMilliseconds, and advances the content generation when there is any: writes
/// committed by other replicas or processes, and this process's own commits whose announcement was lost
/// (CommittedContentChanges runs after the commit, so a crash in between loses it, never the row).
/// Sequences are handed out in commit order (ContentChangeLog.CommitOrderLock), so "past the last seen"
/// misses nothing. One primary-key lookup per interval.
public sealed class ContentChangePoller(NpgsqlDataSource dataSource, ContentGeneration generation, IOptions<CachingOptions> options,
    TimeProvider time, ILogger<ContentChangePoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var milliseconds = options.Value.ChangePollMilliseconds;
        if (milliseconds <= 0)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(milliseconds), time);
        var failing = false;
        do
        {
            try
            {
                await PollAsync(stoppingToken);
                if (failing)
                    logger.LogInformation("Reading content changes again");
                failing = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Never fatal, and logged once per outage rather than every interval; cached answers still
                // expire after Caching:ResponseSeconds meanwhile.
                if (!failing)
                    logger.LogWarning("Content changes not read, retrying every {Milliseconds} ms: {Error}", milliseconds,
                        e.GetBaseException().Message);
                failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// One poll: advances the generation if changes past the last seen sequence were committed.
    public async Task PollAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT max(sequence) FROM content_changes WHERE sequence > $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = generation.SeenSequence });
        if (await command.ExecuteScalarAsync(ct) is long last)
            generation.Committed(last);
    }
}
