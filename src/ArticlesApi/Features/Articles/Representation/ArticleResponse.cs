using System.Text.Json.Serialization;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Articles;

// The article as every endpoint returns it: GET by id or slug, and the answers of POST and PUT
// (one representation, so the ETag of a write answer is the ETag a later GET gives).

/// A full article.
[ArticlesApi.Infrastructure.Http.SurrogateKey("article")]
public sealed class ArticleResponse : ILinked
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }

    /// The article's public URL on the front end, made from the site's `articleUrlTemplate` (GET /api/v1/site).
    public required string Url { get; set; }

    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public required string Excerpt { get; init; }

    /// False: the excerpt is automatic (the body's first paragraph) and follows the body; true: written by hand.
    public required bool ExcerptIsCustom { get; init; }
    public required ArticleBodyResponse Body { get; init; }

    /// BCP 47 language tag.
    public required string Language { get; init; }

    public required ArticleStatus Status { get; init; }

    /// The type of work: `news` (default), `analysis`, `opinion`, `background`, `factCheck` or `sponsored`.
    public required ArticleKind Kind { get; init; }

    /// Picked by the newsroom for prominence.
    public required bool Featured { get; init; }

    /// Set for every published or scheduled article, so never null in a read without a key or a list without `status`;
    /// null only for a draft that was never published.
    [ArticlesApi.Infrastructure.OpenApiDocs.SetWhen(nameof(Status), ArticleStatus.Published, ArticleStatus.Scheduled, ArticleStatus.TakenDown,
        Variant = "Published", VariantDescription = PublishedVariants.Published,
        OtherVariant = "Unpublished", OtherVariantDescription = PublishedVariants.Unpublished)]
    public DateTime? PublishedAt { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public required int WordCount { get; init; }
    public required int ReadingTimeMinutes { get; init; }
    public FeatureImageResponse? FeatureImage { get; init; }
    public string? CanonicalUrl { get; init; }

    /// Search and social metadata as written; always present, its members null when not set.
    public required SeoResponse Seo { get; init; }

    /// In order: the first is the primary author.
    public required IReadOnlyList<AuthorSummary> Authors { get; init; }

    /// In order: the first is the primary tag. Each tag's name is its name in the article's language when it has one.
    public required IReadOnlyList<TagSummary> Tags { get; init; }

    /// The first of `tags`, or null when the article has none.
    public TagSummary? PrimaryTag => Tags.Count > 0 ? Tags[0] : null;

    /// The same story in other languages (its translation group), by language. Anonymous callers see the published
    /// ones only; API keys see every one out of the trash, with its status.
    public IReadOnlyList<TranslationSummary> Translations => _translations ??= TranslationsJson.Parse(TranslationsSource);

    /// As the database gives them (TranslationGroups.Json).
    [JsonIgnore]
    public string? TranslationsSource { get; init; }

    IReadOnlyList<TranslationSummary>? _translations;

    /// Every citation in article order.
    public required IReadOnlyList<CitationResponse> Citations { get; init; }

    /// Public corrections, clarifications, updates and retractions, oldest first. Appended only: never edited or removed.
    public required IReadOnlyList<CorrectionResponse> Corrections { get; init; }

    /// The first retraction among `corrections`, when the article was retracted: it stays readable, and this is what a
    /// reader should see first.
    public CorrectionResponse? Retraction => Corrections.FirstOrDefault(c => c.Kind == CorrectionKind.Retraction);

    /// The same citations grouped by source, sources in order of first citation.
    public IReadOnlyList<SourceCitations> CitationsBySource => Citations
        .GroupBy(c => c.Source.Id)
        .Select(g => new SourceCitations { Source = g.First().Source, Citations = g.ToList() })
        .ToList();

    /// schema.org `NewsArticle` JSON-LD for the article's page (`<script type="application/ld+json">`): headline,
    /// description and image from `seo` with fallbacks to the title, excerpt and feature image; authors and publisher
    /// with their public URLs.
    public required NewsArticleJsonLd StructuredData { get; set; }

    public void LinkTo(SiteUrls site)
    {
        Url = site.Article(Slug, Id, Language, PublishedAt ?? CreatedAt);
        Authors.LinkTo(site);
        Tags.LinkTo(site);
        Citations.Select(c => c.Source).LinkTo(site);
        Translations.LinkTo(site);
        StructuredData = NewsArticleStructuredData.For(this, site);
    }
}
