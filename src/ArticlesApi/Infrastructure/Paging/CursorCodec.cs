using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Infrastructure.Paging;

public sealed class PagingOptions
{
    public const string Section = "Paging";

    /// Secret that signs cursors, at least 32 characters (shorter refuses to start). Unset (the default),
    /// each installation makes a random 256-bit key of its own, stored in the database table
    /// installation_secrets and read at start-up by every instance, so all replicas accept each other's
    /// cursors. Set it only to share cursors between installations, or to replace a key that leaked;
    /// changing it makes every cursor given out so far answer 400.
    public string? CursorKey { get; set; }
}

/// Opaque keyset cursors: base64url(JSON of the last row's sort key) "." base64url(HMAC-SHA256).
/// The MAC also covers the list's scope (sort and filters), so a cursor replayed with another sort
/// or other filters, edited, truncated or made up fails to decode, and the endpoint answers 400.
/// A cursor is input all the same (the key can leak): its JSON is read strictly and its fields are
/// checked by the caller's rule before they reach SQL.
public sealed class CursorCodec(CursorKey key)
{
    public const int MaxLength = 1024;
    const int MacBytes = 16;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
    };

    public string Encode<T>(T position, string scope)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(position, Json);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Mac(payload, scope))}";
    }

    /// The position a cursor holds, if it is one this API signed for this scope, its JSON has exactly
    /// the position's members with their types, and <paramref name="isValid"/> accepts its values.
    public bool TryDecode<T>(string? cursor, string scope, Func<T, bool> isValid, [NotNullWhen(true)] out T? position) where T : class
    {
        position = null;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > MaxLength)
            return false;
        var dot = cursor.IndexOf('.');
        if (dot <= 0 || !TryDecodeBase64Url(cursor[..dot], out var payload) || !TryDecodeBase64Url(cursor[(dot + 1)..], out var mac))
            return false;
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(payload, scope)))
            return false;
        try
        {
            position = JsonSerializer.Deserialize<T>(payload, Json);
        }
        catch (JsonException)
        {
            return false;
        }
        if (position is not null && isValid(position))
            return true;
        position = null;
        return false;
    }

    byte[] Mac(byte[] payload, string scope)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var data = new byte[scopeBytes.Length + 1 + payload.Length];
        scopeBytes.CopyTo(data, 0);
        data[scopeBytes.Length] = 0;
        payload.CopyTo(data, scopeBytes.Length + 1);
        return HMACSHA256.HashData(key.Current, data)[..MacBytes];
    }

    static bool TryDecodeBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text))
            return false;
        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}

/// The checks every cursor field needs before it becomes a SQL parameter: what the column could hold.
public static class CursorFields
{
    /// Ticks of a UTC instant that a timestamptz column holds as a finite value (Npgsql turns
    /// DateTime.MinValue and MaxValue into -infinity and infinity).
    public static bool IsInstant([NotNullWhen(true)] long? ticks) =>
        ticks is { } t && t > DateTime.MinValue.Ticks && t < DateTime.MaxValue.Ticks;

    public static DateTime Instant(long ticks) => new(ticks, DateTimeKind.Utc);

    /// Text a column of this length can hold: PostgreSQL refuses NUL, and UTF-8 has no lone surrogates.
    /// Other control characters stay allowed, as names and titles may be stored with them.
    public static bool IsText([NotNullWhen(true)] string? text, int maxLength)
    {
        if (text is null || text.Length > maxLength || text.Contains('\0'))
            return false;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
                continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
                return false;
            i++;
        }
        return true;
    }

    /// The declared length of a string column, read from the EF model so a cursor's limit follows the column's.
    public static int MaxLength<TEntity>(DbContext db, string property) =>
        db.Model.FindEntityType(typeof(TEntity))?.FindProperty(property)?.GetMaxLength()
        ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{property} has no maximum length in the model.");

    public static bool IsId(Guid id) => id != Guid.Empty;

    /// A ts_rank_cd value: finite and not negative.
    public static bool IsRank([NotNullWhen(true)] float? rank) => rank is { } r && float.IsFinite(r) && r >= 0;
}
