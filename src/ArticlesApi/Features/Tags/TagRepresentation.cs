using System.Linq.Expressions;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Tags;

[ArticlesApi.Infrastructure.Http.SurrogateKey("tag", CountsArticles = true)]
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

    /// The tag's name (and description) in other languages, by language tag.
    public IReadOnlyDictionary<string, TagTranslationResponse> Translations =>
        _translations ??= (TranslationList ?? []).OrderBy(t => t.Language, StringComparer.Ordinal)
            .ToDictionary(t => t.Language, t => new TagTranslationResponse { Name = t.Name, Description = t.Description });

    /// As the database gives them.
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<TagTranslation>? TranslationList { get; init; }

    IReadOnlyDictionary<string, TagTranslationResponse>? _translations;

    public void LinkTo(SiteUrls site) => Url = site.Tag(Slug);
}

public sealed class TagTranslationResponse
{
    public required string Name { get; init; }
    public string? Description { get; init; }
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
        TranslationList = t.Translations.Select(x => new TagTranslation { TagId = x.TagId, Language = x.Language, Name = x.Name, Description = x.Description }).ToList(),
    };

    /// ArticleCount as a sort key: the stored count alone (which an index orders) unless due scheduled articles add to it.
    public static Expression<Func<Tag, int>> ArticleCount(Guid[] dueScheduled) => dueScheduled.Length == 0
        ? t => t.PublishedArticleCount
        : t => t.PublishedArticleCount + t.Articles.Count(x => dueScheduled.Contains(x.ArticleId));
}
