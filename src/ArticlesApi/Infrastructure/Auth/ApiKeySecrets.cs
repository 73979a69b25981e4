using System.Security.Cryptography;
using System.Text;

namespace ArticlesApi.Infrastructure.Auth;

/// API key secrets: "ak_" and 43 base64url characters (32 random bytes, 256 bits). A secret that
/// random needs no slow password hash; SHA-256 makes the stored value useless to a database thief.
public static class ApiKeySecrets
{
    public const string Marker = "ak_";
    public const int PrefixLength = 10;

    /// Secrets given in configuration (Auth:BootstrapAdminKey) must be at least this long.
    public const int MinimumLength = 32;

    public static string Generate() => Marker + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// No key is longer: a longer Authorization value is refused without a database lookup.
    public const int MaximumLength = 256;

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// Whether a presented secret has a length some key has (generated keys have 46 characters,
    /// configured ones at least MinimumLength): anything else is refused without a database lookup.
    public static bool CouldBeKey(string secret) => secret.Length is >= MinimumLength and <= MaximumLength;

    /// What lists show so that people can tell keys apart: "ak_" and a few characters.
    public static string PrefixOf(string secret) => secret[..Math.Min(PrefixLength, secret.Length)];

    /// The secret of `Authorization: Bearer <secret>`, as the authentication handler reads it; null for
    /// another scheme.
    public static string? FromAuthorization(string? header) =>
        header is not null && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;

    const string BearerPrefix = "Bearer ";

    public static bool Matches(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
