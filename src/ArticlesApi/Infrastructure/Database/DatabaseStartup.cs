using ArticlesApi.Data;
using ArticlesApi.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

public static class DatabaseStartup
{
    const long MigrationLockKey = 0x4d69_6772_6174_65;

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
            // Replicas starting together must not apply the same migration twice (EF's own lock did not
            // stop two of them creating the same text search configuration): a session advisory lock,
            // held on a connection of its own, makes the others wait and then find nothing pending.
            await using var lockConnection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
            await using (var acquire = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
                await acquire.ExecuteNonQueryAsync(ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await db.Database.MigrateAsync(ct);
            logger.LogInformation("Applied {Count} pending migration(s)", pending.Count);
            await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection))
                await release.ExecuteNonQueryAsync(ct);
        }

        if (options.SeedSampleContent && await SampleContentSeeder.SeedIfEmptyAsync(db, DateTime.UtcNow, ct))
            logger.LogInformation("Inserted the sample newsroom");
    }
}
