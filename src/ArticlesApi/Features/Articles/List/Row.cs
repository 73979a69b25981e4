using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.SiteSettings;

namespace Articles.List;

/// One article of a page as the page query reads it; authors and tags are read for the whole page
/// by two more queries (one query joining both would repeat each row authors × tags times).
sealed class Row
{
    public Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public required string Excerpt { get; init; }
    public required string Language { get; init; }
    public ArticleStatus Status { get; init; }
    public ArticleKind Kind { get; init; }
    public bool Featured { get; init; }
    public DateTime? PublishedAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int ReadingTimeMinutes { get; init; }
    public string? FeatureImageUrl { get; init; }
    public string? FeatureImageAlt { get; init; }
    public string? FeatureImageCaption { get; init; }
    public string? FeatureImageCredit { get; init; }
    public Guid? FeatureImageMedia { get; init; }
    public string? FeatureImageMediaDetails { get; init; }
    public float Rank { get; init; }
    /// The body of a search hit, read to cut its highlight (<see cref="SearchHighlights"/>); null otherwise.
    public string? SearchBody { get; init; }
    public string? Headline { get; set; }

    /// `authors` and `tags` are linked here too.
    public ArticleSummary ToSummary(IReadOnlyList<AuthorSummary> authors, IReadOnlyList<TagSummary> tags, DateTime now, SiteUrls site)
    {
        authors.LinkTo(site);
        tags.LinkTo(site);
        return Summary(authors, tags, now, site);
    }

    ArticleSummary Summary(IReadOnlyList<AuthorSummary> authors, IReadOnlyList<TagSummary> tags, DateTime now, SiteUrls site) => new()
    {
        Id = Id,
        Slug = Slug,
        Url = site.Article(Slug, Id, Language, PublishedAt ?? CreatedAt),
        Title = Title,
        Subtitle = Subtitle,
        Excerpt = Excerpt,
        Language = Language,
        Status = ArticleVisibility.EffectiveStatus(Status, PublishedAt, now),
        Kind = Kind,
        Featured = Featured,
        PublishedAt = PublishedAt,
        UpdatedAt = UpdatedAt,
        ReadingTimeMinutes = ReadingTimeMinutes,
        FeatureImage = FeatureImageUrl is null ? null
            : FeatureImageResponse.Of(FeatureImageUrl, FeatureImageAlt, FeatureImageCaption, FeatureImageCredit, FeatureImageMedia, FeatureImageMediaDetails),
        Authors = authors,
        Tags = tags,
        Highlight = Headline is null ? null : Highlights.ToHtml(Headline),
    };
}
