using System.IO.Compression;
using System.Net;
using System.Text;
using ArticlesApi.Tests.Infrastructure;
using Npgsql;

namespace ArticlesApi.Tests.Features.Security;

/// No secret is stored readable: a new key's secret answered to a POST with Idempotency-Key, and the
/// Idempotency-Key itself, appear in no column of the database — not verbatim, not hex- or base64-encoded,
/// not as a plain hash, not Brotli-compressed — while the replay still returns the secret.
public sealed class SecretsAtRestTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_New_Keys_Secret_And_Its_Idempotency_Key_Are_Stored_Nowhere_Readable()
    {
        var admin = await api.AdminAsync();
        var idempotencyKey = $"create-ops-key-{Guid.NewGuid():N}";
        var body = new { name = $"ops {Guid.NewGuid():N}", role = "editor" };

        var first = await admin.Client.PostJsonAsync("/api/v1/keys", body, idempotencyKey);
        var replay = await admin.Client.PostJsonAsync("/api/v1/keys", body, idempotencyKey);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        var secret = (await first.JsonAsync()).GetProperty("secret").GetString()!;
        (await replay.JsonAsync()).GetProperty("secret").GetString().ShouldBe(secret);
        replay.Headers.Location.ShouldBe(first.Headers.Location);

        var needles = Needles(secret, idempotencyKey, admin.KeyId);
        var stored = await StoredValuesAsync($"SELECT * FROM idempotency_records WHERE api_key_id = '{admin.KeyId}'");
        stored.Count.ShouldBeGreaterThan(3, "the record was read");
        foreach (var value in stored.SelectMany(WithDecompressed))
            foreach (var (name, needle) in needles)
                value.AsSpan().IndexOf(needle).ShouldBe(-1, $"idempotency_records holds the {name}");

        // Every table, as text (bytea in hex): the secret is nowhere else either (api_keys keeps its hash and prefix).
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync(_ct))
            while (await reader.ReadAsync(_ct))
                tables.Add(reader.GetString(0));
        tables.ShouldContain("idempotency_records");
        foreach (var table in tables)
            foreach (var row in await StoredValuesAsync($"SELECT t::text FROM {table} t"))
                foreach (var (name, needle) in needles)
                    row.AsSpan().IndexOf(needle).ShouldBe(-1, $"{table} holds the {name}");
    }

    /// The byte strings that must not be stored: each secret as text, hex and base64, the key's 32 random
    /// bytes, and plain SHA-256 hashes a thief could match a guessed Idempotency-Key against.
    static List<(string Name, byte[] Bytes)> Needles(string secret, string idempotencyKey, Guid apiKeyId)
    {
        var random = Convert.FromBase64String(secret["ak_".Length..].Replace('-', '+').Replace('_', '/') + "=");
        random.Length.ShouldBe(32);
        var needles = new List<(string, byte[])>
        {
            ("secret's random bytes", random),
            ("SHA-256 of the Idempotency-Key", System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey))),
            ("SHA-256 of API key id and Idempotency-Key",
                System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{apiKeyId}{idempotencyKey}"))),
        };
        foreach (var (name, text) in new[] { ("secret", secret), ("secret's random part", secret["ak_".Length..]), ("Idempotency-Key", idempotencyKey) })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            needles.Add((name, bytes));
            needles.Add(($"{name} in hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(bytes))));
            needles.Add(($"{name} in HEX", Encoding.ASCII.GetBytes(Convert.ToHexString(bytes))));
            needles.Add(($"{name} in base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes).TrimEnd('='))));
        }
        needles.Add(("secret's random bytes in hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(random))));
        needles.Add(("secret's random bytes in base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(random).TrimEnd('='))));
        return needles;
    }

    /// Every column of every row the query returns, as stored bytes (text as UTF-8).
    async Task<List<byte[]>> StoredValuesAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(_ct);
        var values = new List<byte[]>();
        while (await reader.ReadAsync(_ct))
            for (var i = 0; i < reader.FieldCount; i++)
                values.Add(reader.IsDBNull(i) ? [] : reader.GetValue(i) switch
                {
                    byte[] bytes => bytes,
                    var other => Encoding.UTF8.GetBytes(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)!),
                });
        return values;
    }

    /// The value, and whatever Brotli makes of it from any of its first bytes: compression alone hides nothing.
    static IEnumerable<byte[]> WithDecompressed(byte[] value)
    {
        yield return value;
        for (var offset = 0; offset < Math.Min(64, value.Length); offset++)
        {
            using var output = new MemoryStream();
            try
            {
                using var brotli = new BrotliStream(new MemoryStream(value, offset, value.Length - offset), CompressionMode.Decompress);
                brotli.CopyTo(output);
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
            {
            }
            if (output.Length > 0)
                yield return output.ToArray();
        }
    }
}
