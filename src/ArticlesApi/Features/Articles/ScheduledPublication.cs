using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles;

/// A scheduled article is public from its time on without any job (ArticleVisibility). Its stored
/// status is still moved to "published" soon after, so that the published-article counts kept by the
/// database (migration PublishedArticleCounts) include it and the few articles that readers must add
/// to those counts stay few. Readers see no change: the status they read was already "published",
/// and updated_at is left alone. Every replica may run this: the commit-order lock lets one in at a
/// time and the next finds nothing left, so each article gets one `published` change.
public sealed class ScheduledPublication(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ScheduledPublication> logger)
    : BackgroundService
{
    public const string IntervalSetting = "ScheduledPublication:IntervalSeconds";

    /// Stores "published" for every scheduled article whose time has come, and records a `published`
    /// change at that time for each (ContentChangeLog); returns how many.
    public static async Task<int> PromoteDueAsync(ArticlesDb db, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Before the UPDATE locks article rows, so that no writer waits for them while holding this lock.
        await ContentChangeLog.LockAsync(db, ct);
        // The articles were not public before their time and are from it on, unless in the trash.
        var promoted = await db.Database.ExecuteSqlAsync($"""
            WITH due AS (
                UPDATE articles SET status = 'published'
                WHERE status = 'scheduled' AND published_at <= {now}
                RETURNING id, slug, published_at, deleted_at)
            INSERT INTO content_changes (at, resource, resource_id, slug, kind, was_public, is_public)
            SELECT published_at, 'article', id, slug, 'published', false, deleted_at IS NULL
            FROM due ORDER BY published_at, id
            """, ct);
        await transaction.CommitAsync(ct);
        return promoted;
    }

    /// Articles public by their time whose stored status still says scheduled: what readers add to
    /// the stored counts. Usually none; at most those of the last interval.
    public static Task<Guid[]> DueIdsAsync(ArticlesDb db, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        return db.Articles
            .Where(a => a.Status == ArticleStatus.Scheduled && a.DeletedAt == null && a.PublishedAt <= now)
            .Select(a => a.Id)
            .ToArrayAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue(IntervalSetting, 60);
        if (seconds <= 0)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
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
