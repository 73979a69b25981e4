using System.ComponentModel;
using System.Linq.Expressions;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Sources;

[ArticlesApi.Infrastructure.Http.SurrogateKey("source", CountsArticles = true)]
public sealed class SourceResponse : INamedResponse, ILinked
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }

    /// The source's page on the front end: `{siteUrl}/sources/{slug}`.
    [ReadOnly(true), System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.Url)]
    [Description(SourceUrls.PageDescription)]
    public required string Url { get; set; }

    public required SourceKind Kind { get; init; }

    [Description(SourceUrls.WebsiteDescription)]
    public string? WebsiteUrl { get; init; }

    /// ISO 3166-1 alpha-2.
    public string? Country { get; init; }

    public string? Description { get; init; }

    /// Published articles that cite this source; list them with GET /api/v1/articles?source={slug}.
    public required int ArticleCount { get; init; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }

    public void LinkTo(SiteUrls site) => Url = site.Source(Slug);}

public static class SourceProjections
{
    public static Expression<Func<Source, SourceResponse>> Public(Guid[] dueScheduled) => s => new SourceResponse
    {
        Id = s.Id,
        Slug = s.Slug,
        Name = s.Name,
        Url = "",
        Kind = s.Kind,
        WebsiteUrl = s.WebsiteUrl,
        Country = s.Country,
        Description = s.Description,
        ArticleCount = s.PublishedArticleCount + (dueScheduled.Length == 0 ? 0
            : s.Citations.Where(c => dueScheduled.Contains(c.ArticleId)).Select(c => c.ArticleId).Distinct().Count()),
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
    };

    /// ArticleCount as a sort key: the stored count alone (which an index orders) unless due scheduled articles add to it.
    public static Expression<Func<Source, int>> ArticleCount(Guid[] dueScheduled) => dueScheduled.Length == 0
        ? s => s.PublishedArticleCount
        : s => s.PublishedArticleCount + s.Citations.Where(c => dueScheduled.Contains(c.ArticleId)).Select(c => c.ArticleId).Distinct().Count();
}
