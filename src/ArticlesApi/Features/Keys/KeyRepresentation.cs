using System.ComponentModel;
using System.Linq.Expressions;
using System.Text.Json.Serialization;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Keys;

/// An API key as admins see it. The secret is never part of it (only the create answer adds it, once).
public class KeyResponse : ILinked
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required Role Role { get; init; }

    /// For author and contributor keys: the author the key acts as. Null for a revoked key whose author was
    /// deleted since (see `formerAuthor`).
    public AuthorSummary? Author { get; init; }

    [Description("Only on a revoked key whose author was deleted since: whom the key acted as (the author's id and name when deleted).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FormerAuthor? FormerAuthor { get; init; }

    /// The first characters of the secret, to tell keys apart.
    public required string Prefix { get; init; }

    public required DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; init; }

    public void LinkTo(SiteUrls site) => Author?.LinkTo(site);
}

/// A deleted author, as the keys that acted as them remember it.
public sealed class FormerAuthor
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
}

public static class KeyProjections
{
    public static Expression<Func<ApiKey, KeyResponse>> Admin => k => new KeyResponse
    {
        Id = k.Id,
        Name = k.Name,
        Role = k.Role,
        Author = k.Author == null ? null
            : new AuthorSummary { Id = k.Author.Id, Slug = k.Author.Slug, Name = k.Author.Name, Url = "", AvatarUrl = k.Author.AvatarUrl },
        FormerAuthor = k.FormerAuthorId == null ? null : new FormerAuthor { Id = k.FormerAuthorId.Value, Name = k.FormerAuthorName! },
        Prefix = k.Prefix,
        CreatedAt = k.CreatedAt,
        RevokedAt = k.RevokedAt,
    };
}
