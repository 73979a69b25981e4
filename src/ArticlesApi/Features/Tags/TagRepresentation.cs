using System.Linq.Expressions;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Tags;

public sealed class TagResponse : INamedResponse, ILinked
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }

    /// The tag's page on the front end: `{siteUrl}/tags/{slug}`.
    public required string Url { get; set; }

    public string? Description { get; init; }

    /// Published articles with this tag.
    public required int ArticleCount { get; init; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }

    public void LinkTo(SiteUrls site) => Url = site.Tag(Slug);
}

public static class TagProjections
{
    public static Expression<Func<Tag, TagResponse>> Public(Guid[] dueScheduled) => t => new TagResponse
    {
        Id = t.Id,
        Slug = t.Slug,
        Name = t.Name,
        Url = "",
        Description = t.Description,
        ArticleCount = t.PublishedArticleCount + (dueScheduled.Length == 0 ? 0 : t.Articles.Count(x => dueScheduled.Contains(x.ArticleId))),
        CreatedAt = t.CreatedAt,
        UpdatedAt = t.UpdatedAt,
    };

    /// ArticleCount as a sort key: the stored count alone (which an index orders) unless due scheduled articles add to it.
    public static Expression<Func<Tag, int>> ArticleCount(Guid[] dueScheduled) => dueScheduled.Length == 0
        ? t => t.PublishedArticleCount
        : t => t.PublishedArticleCount + t.Articles.Count(x => dueScheduled.Contains(x.ArticleId));
}
