using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace ArticlesApi.Infrastructure.Http;

/// Strong ETags computed from the representation itself: whatever changes what a client sees
/// (the row, an embedded author's name, a count) changes the ETag, and nothing else does.
public static class ETags
{
    public static string Of(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return $"\"{Convert.ToBase64String(hash[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
    }

    /// The ETag the client received for this representation: serialized with the options every answer is
    /// written with (Representations.Options), so an If-Match check compares like with like.
    public static string Of(object representation) =>
        Of(JsonSerializer.SerializeToUtf8Bytes(representation, representation.GetType(), Representations.Options));

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
