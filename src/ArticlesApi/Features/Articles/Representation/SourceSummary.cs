using System.ComponentModel;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Features.Sources;

namespace ArticlesApi.Features.Articles;

[ArticlesApi.Infrastructure.Http.SurrogateKey("source")]
public sealed class SourceSummary : ILinked
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }

    /// The source's page on the front end: `{siteUrl}/sources/{slug}`.
    [ReadOnly(true), System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.Url)]
    [Description(SourceUrls.PageDescription)]
    public required string Url { get; set; }

    public required SourceKind Kind { get; init; }

    /// The source's own site (an agency's, a ministry's), for linking its name; absent when the source has none.
    /// A citation's `url` is the cited document.
    [Description(SourceUrls.WebsiteDescription)]
    public string? WebsiteUrl { get; init; }

    public void LinkTo(SiteUrls site) => Url = site.Source(Slug);
}
