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
                if (await LastSequenceAsync(generation.SeenSequence, stoppingToken) is { } last)
                    generation.Committed(last);
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

    async Task<long?> LastSequenceAsync(long seen, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT max(sequence) FROM content_changes WHERE sequence > $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seen });
        return await command.ExecuteScalarAsync(ct) as long?;
    }
}
