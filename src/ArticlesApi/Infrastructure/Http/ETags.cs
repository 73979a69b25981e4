using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace ArticlesApi.Infrastructure.Http;

/// Strong ETags computed from the representation itself: whatever changes what a client sees
/// (the row, an embedded author's name, a count) changes the ETag, and nothing else does.
public static class ETags
{
    /// The serializer options the endpoints write with (set once at start-up), so that a handler
    /// checking If-Match computes the same ETag that the client received.
    public static JsonSerializerOptions SerializerOptions { get; set; } = JsonSerializerOptions.Web;

    public static string Of(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return $"\"{Convert.ToBase64String(hash[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
    }

    public static string Of(object representation) =>
        Of(JsonSerializer.SerializeToUtf8Bytes(representation, representation.GetType(), SerializerOptions));

    /// If-None-Match: weak comparison, "*" matches anything.
    public static bool AnyMatchesWeakly(string? header, string etag) =>
        !string.IsNullOrEmpty(header)
        && EntityTagHeaderValue.TryParseList([header], out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));

    /// If-Match: strong comparison, "*" matches any current representation.
    public static bool AnyMatchesStrongly(string? header, string etag) =>
        !string.IsNullOrEmpty(header)
        && EntityTagHeaderValue.TryParseList([header], out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(etag), useStrongComparison: true));
}
