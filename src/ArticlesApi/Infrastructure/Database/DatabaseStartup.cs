using ArticlesApi.Data;
using ArticlesApi.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.Database;

public static class DatabaseStartup
{
    internal const long MigrationLockKey = 0x4172_7469_636c_6d67;
    static readonly TimeSpan MigrationCommandTimeout = TimeSpan.FromMinutes(30);

    /// Applies migrations and inserts the sample newsroom, as configured under "Database".
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (!options.MigrateOnStartup && !options.SeedSampleContent)
            return;

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArticlesDb>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseStartup));

        if (options.MigrateOnStartup)
        {
            if (MigrationsAssembly.Find() is null)
                throw new InvalidOperationException(
                    $"{MigrationsAssembly.Name}.dll was not found next to the API. Build the solution (dotnet build ArticlesApi.sln), which copies it there.");
            // Replicas starting together take turns: EF's own lock is held per migration, so with
            // several migrations a second replica could apply one that the first had just applied.
            // Not the request bound (Command Timeout=5), for the lock too: a migration rebuilds indexes or
            // recounts rows, minutes on a large database, and the replica waiting for its turn waits that long.
            db.Database.SetCommandTimeout(MigrationCommandTimeout);
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                await db.Database.MigrateAsync(ct);
                logger.LogInformation("Applied {Count} pending migration(s)", pending.Count);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }

        if (options.SeedSampleContent)
        {
            // The pictures first: the articles show them (feature images by media id, an inline image).
            await Features.Media.SampleMedia.EnsureAsync(scope.ServiceProvider, db, db.Clock.GetUtcNow().UtcDateTime, ct);
            var media = await Features.Articles.ArticleMedia.LoadAsync(db, scope.ServiceProvider.GetRequiredService<Features.Media.Storage.IMediaStorage>(),
                Features.Media.SampleMedia.Ids, ct);
            if (await SampleContentSeeder.SeedIfEmptyAsync(db, db.Clock.GetUtcNow().UtcDateTime, media, ct))
                logger.LogInformation("Inserted the sample newsroom");
        }
    }
}
