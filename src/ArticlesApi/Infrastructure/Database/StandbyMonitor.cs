using Microsoft.Extensions.Options;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

/// Every Database:ReplicaCheckMilliseconds: asks the primary where its WAL ends, and the standby how far it has
/// replayed and the highest content change it shows; two cheap queries per interval, none per request.
///
/// Lag is measured against the primary's own past positions, not pg_last_xact_replay_timestamp() (which on an idle
/// primary grows without the standby being behind, and which cannot see a standby that stopped receiving): each check
/// remembers (time, primary WAL position); the standby's lag is how long ago the primary first wrote WAL the standby
/// has not replayed yet (zero when it has replayed everything the primary had written at the last check).
public sealed class StandbyMonitor(Standby standby, NpgsqlDataSource primary, IOptions<DatabaseOptions> options, TimeProvider time,
    ILogger<StandbyMonitor> logger) : BackgroundService
{
    /// Positions of the primary not yet replayed by the standby, oldest first (bounded: a standby that stays behind
    /// this many checks is over any sensible lag limit anyway).
    readonly Queue<(DateTimeOffset At, long Lsn)> _unreplayed = new();
    const int MaxRemembered = 4096;
    readonly SemaphoreSlim _oneAtATime = new(1, 1);
    string? _lastProblem;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var milliseconds = options.Value.ReplicaCheckMilliseconds;
        if (milliseconds <= 0)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(milliseconds), time);
        do
        {
            await CheckAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// One check (tests call it when they choose). Never throws for an unreachable database: the standby is marked
    /// unusable, and a warning logged once per problem.
    public async Task CheckAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var state = await MeasureAsync(ct);
            standby.Checked(state);
            if (state.Problem != _lastProblem)
            {
                if (state.Problem is null)
                    logger.LogInformation("Public reads may go to the standby again");
                else
                    logger.LogWarning("Public reads go to the primary: {Problem}", state.Problem);
                _lastProblem = state.Problem;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    async Task<Standby.State> MeasureAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        try
        {
            await using var position = primary.CreateCommand("SELECT (pg_current_wal_lsn() - '0/0')::bigint");
            if (await position.ExecuteScalarAsync(ct) is long lsn
                && (_unreplayed.Count == 0 || _unreplayed.Last().Lsn < lsn) && _unreplayed.Count < MaxRemembered)
                _unreplayed.Enqueue((now, lsn));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Without the primary no write commits: the standby is as new as anything can be; its lag is measured
            // against the positions already remembered.
            logger.LogDebug("Primary WAL position not read: {Error}", e.GetBaseException().Message);
        }

        long replayed, sequence;
        try
        {
            await using var command = standby.DataSource.CreateCommand("""
                SELECT pg_is_in_recovery(), (coalesce(pg_last_wal_replay_lsn(), '0/0') - '0/0')::bigint,
                       coalesce((SELECT max(sequence) FROM content_changes), 0)
                """);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (!reader.GetBoolean(0))
                return new Standby.State(false, 0, TimeSpan.Zero, "the read-only database is not a standby (promoted?)");
            replayed = reader.GetInt64(1);
            sequence = reader.GetInt64(2);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            standby.DataSource.Clear();
            return new Standby.State(false, 0, TimeSpan.Zero, $"the standby is unreachable ({e.GetBaseException().Message})");
        }

        while (_unreplayed.TryPeek(out var oldest) && oldest.Lsn <= replayed)
            _unreplayed.Dequeue();
        var lag = _unreplayed.TryPeek(out var first) ? now - first.At : TimeSpan.Zero;
        var max = options.Value.MaxReplicaLagSeconds;
        return new Standby.State(true, sequence, lag,
            lag.TotalSeconds > max ? $"the standby's replay is more than Database:MaxReplicaLagSeconds ({max} s) behind the primary" : null);
    }
}
