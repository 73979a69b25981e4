using System.Buffers.Text;
using System.Security.Cryptography;
using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles.Preview;

/// Preview links: `GET /api/v1/articles/{idOrSlug}?preview=<token>` shows that one article as it is now, whatever
/// its status, until the link expires or a new link (or DELETE …/preview) replaces it. Tokens are "pv_" and 43
/// base64url characters (256 random bits); only their SHA-256 is stored (ApiKeySecrets.Hash), so the database
/// cannot hand out working links. See docs/decisions/0030-preview-reader-keys-and-cdn-purge.md.
public static class PreviewLinks
{
    public const string QueryParameter = "preview";
    public const string Marker = "pv_";

    /// A token is never longer; a longer (or shorter) value is refused without a lookup.
    public const int TokenLength = 46;

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    public static string Generate() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// The id of the article `token` previews now (unexpired), or null. Bound to the article the request names:
    /// the caller compares, so a token for one article never shows another.
    public static async Task<Guid?> ArticleOfAsync(ArticlesDb db, string token, DateTime now, CancellationToken ct)
    {
        if (token.Length != TokenLength || !token.StartsWith(Marker, StringComparison.Ordinal))
            return null;
        var hash = ApiKeySecrets.Hash(token);
        var preview = await db.ArticlePreviews.AsNoTracking()
            .Where(p => p.TokenHash == hash && p.ExpiresAt > now)
            .Select(p => new { p.ArticleId, p.TokenHash })
            .SingleOrDefaultAsync(ct);
        // The index finds the row by hash; the comparison that decides is constant-time.
        return preview is not null && ApiKeySecrets.Matches(token, preview.TokenHash) ? preview.ArticleId : null;
    }
}
