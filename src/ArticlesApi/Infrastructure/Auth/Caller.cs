using System.Security.Claims;
using ArticlesApi.Domain;

namespace ArticlesApi.Infrastructure.Auth;

/// Role names as they appear in role claims and in `Roles(...)`.
public static class RoleNames
{
    public const string Contributor = "contributor";
    public const string Author = "author";
    public const string Editor = "editor";
    public const string Admin = "admin";
    public const string Reader = "reader";

    public static string Of(Role role) => role.ToString().ToLowerInvariant();

    /// Roles that manage every article, author, tag and source.
    public static readonly string[] Editors = [Editor, Admin];

    /// Every role that may write articles.
    public static readonly string[] Writers = [Contributor, Author, Editor, Admin];
}

/// Who is calling, as the API key authentication handler described them.
public sealed record Caller(Guid KeyId, Role Role, Guid? AuthorId)
{
    public const string KeyIdClaim = "key_id";
    public const string AuthorIdClaim = "author_id";

    /// Editors and admins manage all articles; authors and contributors only those they co-author.
    public bool ManagesAllArticles => Role is Role.Editor or Role.Admin;

    public bool MayPublish => Role is not Role.Contributor;

    public static Caller From(ClaimsPrincipal user)
    {
        var keyId = Guid.Parse(user.FindFirstValue(KeyIdClaim) ?? throw new InvalidOperationException("Not authenticated"));
        var role = Enum.Parse<Role>(user.FindFirstValue(ClaimTypes.Role)!, ignoreCase: true);
        var authorId = user.FindFirstValue(AuthorIdClaim) is { } a ? Guid.Parse(a) : (Guid?)null;
        return new Caller(keyId, role, authorId);
    }

    /// Anonymous callers and reader keys: they read what the public reads, the same bytes, from the same response
    /// cache entries.
    public static bool ReadsAsPublic(ClaimsPrincipal user) => KeyIdOf(user) is null || user.IsInRole(RoleNames.Reader);

    public static Guid? KeyIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(KeyIdClaim), out var id) ? id : null;
}
