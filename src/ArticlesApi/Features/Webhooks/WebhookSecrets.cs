using System.Security.Cryptography;
using System.Text;
using ArticlesApi.Infrastructure.Database;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Features.Webhooks;

/// Signing secrets (`whsec_` + base64 of 24 random bytes, the Standard Webhooks form) and their encryption at
/// rest: AES-256-GCM with a key that is `Webhooks:SecretKey` (hashed) or this installation's own random key in
/// installation_secrets; the webhook's id is the associated data, so a sealed secret copied to another row
/// does not open. The secret is needed in clear to sign, so a hash would not do. Never logged.
public sealed class WebhookSecrets(IOptions<WebhookOptions> options, InstallationSecrets secrets)
{
    public const string SecretName = "webhooks.secret-key";
    public const string Prefix = "whsec_";
    const int NonceBytes = 12;
    const int TagBytes = 16;

    byte[]? _key = string.IsNullOrEmpty(options.Value.SecretKey) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.SecretKey));

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// The HMAC key of a secret: the bytes its base64 part decodes to.
    public static byte[] SigningKey(string secret) =>
        Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);

    public async Task<byte[]> SealAsync(Guid webhookId, string secret, CancellationToken ct)
    {
        var key = await KeyAsync(ct);
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), webhookId.ToByteArray());
        return sealedBytes;
    }

    public async Task<string> OpenAsync(Guid webhookId, byte[] sealedBytes, CancellationToken ct)
    {
        var key = await KeyAsync(ct);
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain,
            webhookId.ToByteArray());
        return Encoding.UTF8.GetString(plain);
    }

    async ValueTask<byte[]> KeyAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _key) is { } key)
            return key;
        Interlocked.CompareExchange(ref _key, await secrets.GetOrCreateAsync(SecretName, 32, ct), null);
        return _key!;
    }
}
