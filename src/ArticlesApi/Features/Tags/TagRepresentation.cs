using System.Linq.Expressions;
using ArticlesApi.Domain;
using LinqKit;

namespace ArticlesApi.Features.Tags;

public sealed class TagResponse
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// Published articles with this tag.
    public required int ArticleCount { get; init; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
}

public static class TagProjections
{
    /// `now`: the stored count counts every article public at some time; those not yet public at `now` are
    /// subtracted (ArticleVisibility.NotYetPublic).
    public static Expression<Func<Tag, TagResponse>> Public(DateTime now) => Projection(now).Expand();

    static Expression<Func<Tag, TagResponse>> Projection(DateTime now) => t => new TagResponse
    {
        Id = t.Id,
        Slug = t.Slug,
        Name = t.Name,
        Description = t.Description,
        ArticleCount = t.PublishedArticleCount - t.Articles.Count(x => ArticleVisibility.NotYetPublic.Invoke(x.Article, now)),
        CreatedAt = t.CreatedAt,
        UpdatedAt = t.UpdatedAt,
    };
}
