using System.Linq.Expressions;
using ArticlesApi.Domain;

namespace ArticlesApi.Features.Authors;

/// An author as public reads return it. The email is private and never part of this shape.
public sealed class AuthorResponse : INamedResponse
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public string? Bio { get; init; }
    public string? AvatarUrl { get; init; }
    public string? WebsiteUrl { get; init; }
    public string? Location { get; init; }
    public required IReadOnlyList<AuthorLinkResponse> Links { get; init; }

    /// Published articles that this author wrote or co-wrote.
    public required int ArticleCount { get; init; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
}

public sealed class AuthorLinkResponse
{
    public required string Label { get; init; }
    public required string Url { get; init; }
}

public static class AuthorProjections
{
    public static Expression<Func<Author, AuthorResponse>> Public(Guid[] dueScheduled) => a => new AuthorResponse
    {
        Id = a.Id,
        Slug = a.Slug,
        Name = a.Name,
        Bio = a.Bio,
        AvatarUrl = a.AvatarUrl,
        WebsiteUrl = a.WebsiteUrl,
        Location = a.Location,
        Links = a.Links.Select(l => new AuthorLinkResponse { Label = l.Label, Url = l.Url }).ToList(),
        ArticleCount = a.PublishedArticleCount + (dueScheduled.Length == 0 ? 0 : a.Articles.Count(x => dueScheduled.Contains(x.ArticleId))),
        CreatedAt = a.CreatedAt,
        UpdatedAt = a.UpdatedAt,
    };

    /// ArticleCount as a sort key: the stored count alone (which an index orders) unless due scheduled articles add to it.
    public static Expression<Func<Author, int>> ArticleCount(Guid[] dueScheduled) => dueScheduled.Length == 0
        ? a => a.PublishedArticleCount
        : a => a.PublishedArticleCount + a.Articles.Count(x => dueScheduled.Contains(x.ArticleId));
}
