using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.Paging;

public sealed class PagingOptions
{
    public const string Section = "Paging";

    /// Secret that signs cursors. Every replica must share it; when unset a fixed default is used,
    /// which still rejects garbage and edited cursors but lets anyone who reads this code forge one
    /// (harmless: a forged cursor can only point at another position in a list the caller may read).
    public string? CursorKey { get; set; }
}

/// Opaque keyset cursors: base64url(JSON of the last row's sort key) "." base64url(HMAC-SHA256).
/// The MAC also covers the list's scope (sort and filters), so a cursor replayed with another sort
/// or other filters, edited, truncated or made up fails to decode, and the endpoint answers 400.
public sealed class CursorCodec(IOptions<PagingOptions> options)
{
    public const int MaxLength = 1024;
    const string DefaultKey = "ArticlesApi.Paging.CursorKey/v1";
    const int MacBytes = 16;

    readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes(
        string.IsNullOrEmpty(options.Value.CursorKey) ? DefaultKey : options.Value.CursorKey));

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public string Encode<T>(T position, string scope)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(position, Json);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Mac(payload, scope))}";
    }

    public bool TryDecode<T>(string? cursor, string scope, [NotNullWhen(true)] out T? position) where T : class
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
            return position is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    byte[] Mac(byte[] payload, string scope)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var data = new byte[scopeBytes.Length + 1 + payload.Length];
        scopeBytes.CopyTo(data, 0);
        data[scopeBytes.Length] = 0;
        payload.CopyTo(data, scopeBytes.Length + 1);
        return HMACSHA256.HashData(_key, data)[..MacBytes];
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
