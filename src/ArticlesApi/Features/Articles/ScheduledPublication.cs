using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ArticlesApi.Features.Articles;

/// A scheduled article is public from its time on without any job (ArticleVisibility). Its stored
/// status is still moved to "published" soon after, so that the published-article counts kept by the
/// database (migration PublishedArticleCounts) include it and the few articles that readers must add
/// to those counts stay few. Readers see no change: the status they read was already "published",
/// and updated_at is left alone. Every replica may run this, and each article still gets one `published`
/// change, one revision and so one webhook event: a run takes a transaction-scoped advisory lock (PromotionLock)
/// and an instance that finds it taken leaves this tick to the holder; the UPDATE's own `status = 'scheduled'`
/// (re-checked by PostgreSQL on a row another transaction just changed) would skip an article promoted meanwhile
/// anyway. An instance that dies mid-run releases the lock with its transaction, which rolls back: the next tick
/// of any instance promotes those articles (docs/decisions/0033).
public sealed class ScheduledPublication(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time,
    ILogger<ScheduledPublication> logger)
    : BackgroundService
{
    public const string IntervalSetting = "ScheduledPublication:IntervalSeconds";

    /// pg_try_advisory_xact_lock key of a promotion run ("Artischd").
    public const long PromotionLock = 0x4172_7469_7363_6864;

    /// Stores "published" for every scheduled article whose time has come, and records a `published`
    /// change at that time for each (ContentChangeLog); returns how many (0 when another instance holds PromotionLock).
    public static async Task<int> PromoteDueAsync(ArticlesDb db, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        await using (var claim = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, npgsqlTransaction))
        {
            claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PromotionLock });
            // Another instance is promoting right now: what it leaves, the next tick finds.
            if (await claim.ExecuteScalarAsync(ct) is not true)
                return 0;
        }
        await using var promote = new NpgsqlCommand("""
            UPDATE articles SET status = 'published'
            WHERE status = 'scheduled' AND published_at <= $1
            RETURNING id, slug, published_at, deleted_at
            """, connection, npgsqlTransaction);
        promote.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
        var changes = new List<ContentChange>();
        await using (var reader = await promote.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                // Not public before its time; public from it on, unless in the trash.
                var publishedAt = reader.GetDateTime(2);
                changes.Add(new ContentChange
                {
                    At = publishedAt, Resource = ContentResource.Article, ResourceId = reader.GetGuid(0), Slug = reader.GetString(1),
                    Kind = ChangeKind.Published, WasPublic = false,
                    IsPublic = ArticleVisibility.IsPublic(ArticleStatus.Published, publishedAt, reader.IsDBNull(3) ? null : reader.GetDateTime(3), now),
                });
            }
        }
        // The server's own write: a revision without a key.
        await ArticleRevisionLog.InsertAsync(connection, npgsqlTransaction,
            [.. changes.Select(c => new PendingRevision(c.ResourceId, RevisionActions.Published, null, c.At, null, null))], ct);
        if (changes.Count > 0)
            // Last, right before the commit (ContentChangeLog.CommitOrderLock).
            await ContentChangeLog.InsertAsync(connection, npgsqlTransaction, [.. changes.OrderBy(c => c.At).ThenBy(c => c.ResourceId)], ct);
        await transaction.CommitAsync(ct);
        return changes.Count;
    }

    /// Articles public by their time whose stored status still says scheduled: what readers add to
    /// the stored counts. Usually none; at most those of the last interval. A query of its own, not a
    /// subquery of the read: the planner cannot know this set is tiny and would scan every link of a
    /// big tag (docs/decisions/0019).
    public static Task<Guid[]> DueIdsAsync(ArticlesDb db, CancellationToken ct) => DueIdsAsync(db, db.Clock.GetUtcNow().UtcDateTime, ct);

    /// The same rule in SQL, for the ready-made statements that find the due articles themselves: a condition on `articles a`,
    /// `at` the parameter that holds the read's time.
    public static string DueSql(string at) =>
        $"a.status = 'scheduled' AND a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.published_at <= {at}";

    /// The same at a given time (a request's own `now`, read once).
    public static Task<Guid[]> DueIdsAsync(ArticlesDb db, DateTime now, CancellationToken ct) =>
        db.Articles
            .Where(a => a.Status == ArticleStatus.Scheduled)
            .Where(ArticleVisibility.PublicAt(now))
            .Select(a => a.Id)
            .ToArrayAsync(ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue(IntervalSetting, 60);
        if (seconds <= 0)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var promoted = await PromoteDueAsync(scope.ServiceProvider.GetRequiredService<ArticlesDb>(), stoppingToken);
                if (promoted > 0)
                    logger.LogInformation("Stored status published for {Count} scheduled articles whose time has come", promoted);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Never fatal (an exception would stop the host): the next tick tries again.
                if (DatabaseFailures.IsUnavailable(e))
                    logger.LogWarning("Scheduled articles not promoted this time: {Error}", e.GetBaseException().Message);
                else
                    logger.LogError(e, "Scheduled articles not promoted this time");
            }
        }
    }
}

public static class ScheduledPublicationSetup
{
    public static IServiceCollection AddScheduledPublication(this IServiceCollection services) =>
        services.AddHostedService<ScheduledPublication>();
}
