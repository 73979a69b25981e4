using System.Security.Cryptography;
using Npgsql;

namespace ArticlesApi.Infrastructure.Database;

/// A secret this installation made for itself (the cursor key, for one), shared by every instance
/// through the database. Table installation_secrets; the value is never logged nor served.
public sealed class InstallationSecret
{
    public required string Name { get; init; }
    public required byte[] Value { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// Reads an installation secret by name, creating it from random bytes if it does not exist yet.
/// Instances starting together agree: each inserts its own candidate with ON CONFLICT DO NOTHING, and
/// all read back the one that won. Raw Npgsql rather than a context: it runs at start-up, before any
/// request, and must not wait for EF's retries when the database is away.
public sealed class InstallationSecrets(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<byte[]> GetOrCreateAsync(string name, int length, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO installation_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = RandomNumberGenerator.GetBytes(length) });
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time.GetUtcNow().UtcDateTime });
            await insert.ExecuteNonQueryAsync(ct);
        }
        // A statement of its own: the row of an instance whose insert won while this one waited is visible
        // only to a snapshot taken after that instance committed.
        await using var select = new NpgsqlCommand("SELECT value FROM installation_secrets WHERE name = $1", connection);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return await select.ExecuteScalarAsync(ct) as byte[]
            ?? throw new InvalidOperationException($"The installation secret '{name}' was neither created nor found.");
    }
}
