using System.Security.Cryptography;
using System.Text;

namespace ArticlesApi.Features.Webhooks;

/// The Standard Webhooks signature (https://www.standardwebhooks.com, "Signature scheme"):
/// `v1,` + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")), the key being the bytes of the
/// secret after `whsec_`.
public static class WebhookSignature
{
    public static string Sign(byte[] key, string messageId, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}")));

    /// What a receiver does: true when one of the space-separated `v1,` signatures matches (compared in constant time).
    public static bool Verify(byte[] key, string messageId, long timestamp, string body, string signatureHeader)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(key, messageId, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
