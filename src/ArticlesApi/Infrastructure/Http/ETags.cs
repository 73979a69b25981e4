using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace ArticlesApi.Infrastructure.Http;

/// Strong ETags computed from the representation itself: whatever changes what a client sees
/// (the row, an embedded author's name, a count) changes the ETag, and nothing else does. A compressed
/// answer is another representation with its own ETag (RFC 9110 §8.8.3): the identity ETag with the coding
/// inside the quotes (`"…-br"`, `"…-gzip"`, ContentCodings). If-None-Match and If-Match accept every coding's
/// ETag of the current representation: they name the same content, and the client sends back what it got.
public static class ETags
{
    /// The ETag of the representation's bytes in a content coding ("br", "gzip"); null: identity.
    public static string InCoding(string etag, string? coding) => coding is null ? etag : etag.Insert(etag.Length - 1, "-" + coding);

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

    /// If-None-Match: weak comparison, "*" matches anything; etag is the identity ETag.
    public static bool AnyMatchesWeakly(string? header, string etag) => AnyMatches(header, etag, strong: false);

    /// If-Match: strong comparison, "*" matches any current representation; etag is the identity ETag.
    public static bool AnyMatchesStrongly(string? header, string etag) => AnyMatches(header, etag, strong: true);

    static bool AnyMatches(string? header, string etag, bool strong)
    {
        if (string.IsNullOrEmpty(header) || !EntityTagHeaderValue.TryParseList([header], out var tags))
            return false;
        // Each coding's ETag is compared whole, never cut back to the identity one: an identity ETag may itself end in "-br".
        EntityTagHeaderValue[] current = [.. ContentCodings.Names.Select(coding => new EntityTagHeaderValue(InCoding(etag, coding)))];
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || current.Any(c => t.Compare(c, useStrongComparison: strong)));
    }
}
