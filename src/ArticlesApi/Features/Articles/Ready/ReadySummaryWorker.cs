using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Redis;
using ArticlesApi.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ArticlesApi.Features.Articles.Ready;

/// Renders what the write's own transaction did not (ReadySummaries):
/// - the summaries emptied by a write that bypassed ContentChangeRecorder (ScheduledPublication, BodyRerendering, a
///   row written with SQL) or made by the migration's backfill: rows whose doc is NULL, which the front page never
///   serves (a page holding one is read by its query path);
/// - the summaries an author, tag or site change alters when they are more than ReadySummaries.InlineFanOut: from
///   content_changes (ADR 0017), after the sequence stored in article_summaries_ready_progress, in batches of BatchSize,
///   each its own transaction. Until a batch commits, its old summaries are served.
/// Progress is in /health/ready (check "readymade").
public sealed class ReadySummaryWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time,
    ContentChangeBroadcast broadcast, ILogger<ReadySummaryWorker> logger) : BackgroundService
{
    /// false: the front page is always read by its query path (the ready-made summaries are still kept).
    public const string EnabledSetting = "ReadyMade:FrontPage";
    public const string IntervalSetting = "ReadyMade:IntervalSeconds";
    public const int BatchSize = 500;

    /// The worker's statements' timeout: its reconciliation and 500-summary batches, not a request's.
    static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    /// pg_try_advisory_xact_lock key of a fan-out batch ("Artirdym").
    const long RunLock = 0x4172_7469_7264_796d;

    /// Whether the front page is read from the ready-made summaries: enabled (ReadyMade:FrontPage, default true) and
    /// the rows checked once by this process (ReconcileAsync).
    public bool Serves => _reconciled && configuration.GetValue(EnabledSetting, true);

    volatile bool _reconciled;

    /// A row to render for every article that has none (one written while the triggers were off, as bench/DataGenerator's
    /// COPY does), none for an article no longer shown: normally nothing. Once per process, before the page is served.
    static async Task ReconcileAsync(ArticlesDb db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using (var add = Command(db, """
            INSERT INTO article_summaries_ready (article_id, published_at, language, doc, keys)
            SELECT a.id, a.published_at, a.language, NULL, '{}' FROM articles a
            WHERE a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.status IN ('published', 'scheduled')
              AND NOT EXISTS (SELECT 1 FROM article_summaries_ready r WHERE r.article_id = a.id)
            ON CONFLICT (article_id) DO NOTHING
            """))
            await add.ExecuteNonQueryAsync(ct);
        await using (var drop = Command(db, """
            DELETE FROM article_summaries_ready r USING articles a
            WHERE a.id = r.article_id AND NOT (a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.status IN ('published', 'scheduled'))
            """))
            await drop.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    readonly FanOutProgress _progress = new();
    string _phase = "starting";

    /// What is being re-rendered now, for /health/ready.
    public string Progress => $"{_phase}: {_progress} summaries re-rendered; {_articles}; {Feeds.Progress}; {Sitemaps.Progress}";

    /// The ready-made feed items' part of the catch-up (Features/Distribution/Ready).
    public Distribution.Ready.ReadyFeedCatchUp Feeds { get; } = new();

    /// The ready-made sitemap URLs' part of the catch-up (Features/Distribution/Ready/ReadySitemaps).
    public Distribution.Ready.ReadySitemapCatchUp Sitemaps { get; } = new();

    /// The ready-made articles' phase (ReadyArticles, read by id or slug).
    readonly ReadyArticleCatchUp _articles = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue(IntervalSetting, 2.0);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (DatabaseFailures.IsUnavailable(e))
                    logger.LogWarning("Ready-made summaries not brought up to date this time: {Error}", e.GetBaseException().Message);
                else
                    logger.LogError(e, "Ready-made summaries not brought up to date this time");
            }
            if (seconds <= 0)
                return;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// Renders the summaries to render, then re-renders what the author, tag and site changes recorded since the last
    /// run alter; returns how many summaries. Instances share the work without session locks (ADR 0041): the summaries
    /// to render are claimed FOR UPDATE SKIP LOCKED, and each fan-out batch takes a transaction-scoped advisory lock, an
    /// instance that finds it taken leaving the rest to the holder. `wait`: wait for the others instead (tests).
    public async Task<long> CatchUpAsync(CancellationToken ct, bool wait = false)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArticlesDb>();
        // Not a request's bound (Command Timeout=5): at 1M articles the first check's anti-joins took longer than 5 s on a
        // loaded machine, and the worker retried it every IntervalSeconds without ever serving the ready-made page.
        db.Database.SetCommandTimeout(CommandTimeout);
        // Open for the scope: the statements below are the connection's, in and out of transactions.
        await db.Database.OpenConnectionAsync(ct);
        if (!_reconciled)
        {
            _phase = "checking that every article shown has a row";
            await ReconcileAsync(db, ct);
            await ReadyNamed.ReadyNamedResources.ReconcileAsync(db, ct);
            _reconciled = true;
        }
        long rendered = 0;
        _phase = "rendering new or changed articles";
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var emptied = await IdsAsync(db, $"""
                SELECT article_id FROM article_summaries_ready WHERE doc IS NULL ORDER BY article_id LIMIT {BatchSize}
                FOR UPDATE{(wait ? "" : " SKIP LOCKED")}
                """, ct);
            if (emptied.Count == 0)
                break;
            await ReadySummaries.RefreshAsync(db, [.. emptied], ct);
            // No new generation: a page holding an emptied summary was answered by the query path, the same bytes.
            await transaction.CommitAsync(ct);
            rendered += emptied.Count;
        }
        rendered += await Feeds.CatchUpAsync(db, time.GetUtcNow().UtcDateTime,
            configuration.GetValue(Distribution.Ready.ReadyFeedItems.HorizonSetting, Distribution.Ready.ReadyFeedItems.DefaultHorizon), wait, broadcast.Rerendered, ct);
        rendered += await Sitemaps.CatchUpAsync(db, time.GetUtcNow().UtcDateTime, wait, broadcast.Rerendered, ct);
        _phase = "rendering authors, tags and sources";
        rendered += await ReadyNamed.ReadyNamedResources.RenderEmptiedAsync(db, BatchSize, wait, ct);
        rendered += await FollowFanOutsAsync(db, wait, ct);
        // The article docs last: the slowest to render (~0.3 ms a doc at 1M, minutes for a tag on 100k articles). First,
        // the summaries', feed items' and sitemaps' re-renders of the same change waited for them (ADR 0045, ready1m).
        rendered += await _articles.CatchUpAsync(db, time.GetUtcNow().UtcDateTime, wait, broadcast.Rerendered, ct);
        return rendered;
    }

    /// Re-renders the summaries that the author, tag and site changes recorded since the last run alter; stops when
    /// another instance holds a batch's lock (it takes the rest).
    Task<long> FollowFanOutsAsync(ArticlesDb db, bool wait, CancellationToken ct) =>
        FanOutEvents.FollowAsync(db, "article_summaries_ready_progress", "'author', 'tag', 'site'", async events =>
        {
            if (events.Any(e => e.Resource == ContentResource.Site))
            {
                _phase = "site changed, every summary";
                return await IdsAsync(db, "SELECT article_id FROM article_summaries_ready", ct);
            }
            _phase = "authors or tags changed";
            var keys = events.Select(e => ReadySummaries.KeyOf(e.Resource, e.Id)).OfType<string>().Distinct().ToList();
            return await ReadySummaries.ShowingAsync(db, keys, int.MaxValue, ct);
        }, ids => RenderInBatchesAsync(db, ids, wait, ct), () => _phase = "up to date", ct);

    /// False when another instance is re-rendering (it takes the rest).
    Task<bool> RenderInBatchesAsync(ArticlesDb db, IReadOnlyList<Guid> ids, bool wait, CancellationToken ct)
        => FanOutBatches.RenderAsync(db, ids, RunLock, wait, batch => ReadySummaries.RefreshAsync(db, batch, ct), broadcast.Rerendered, _progress, ct);

    static Task<List<Guid>> IdsAsync(ArticlesDb db, string sql, CancellationToken ct) => IdsOrScalarAsync<Guid>(db, sql, ct);

    static async Task<List<T>> IdsOrScalarAsync<T>(ArticlesDb db, string sql, CancellationToken ct)
    {
        await using var command = Command(db, sql);
        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    static NpgsqlCommand Command(ArticlesDb db, string sql) => ReadySummaries.Command(db, sql);
}

/// /health/ready's "readymade": always healthy (the query path serves meanwhile); its description says what is being re-rendered.
sealed class ReadySummaryHealthCheck(ReadySummaryWorker worker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(HealthCheckResult.Healthy(worker.Progress));
}

public static class ReadySummarySetup
{
    public static IServiceCollection AddReadySummaries(this IServiceCollection services)
    {
        services.AddSingleton<ReadySummaryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadySummaryWorker>());
        services.AddHealthChecks().AddCheck<ReadySummaryHealthCheck>("readymade", tags: ["ready"]);
        return services;
    }
}
