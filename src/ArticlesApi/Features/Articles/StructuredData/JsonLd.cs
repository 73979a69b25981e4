using System.Text.Json.Serialization;

namespace ArticlesApi.Features.Articles;

// schema.org types as JSON-LD, the members Google reads for news articles
// (https://developers.google.com/search/docs/appearance/structured-data/article). Made by NewsArticleStructuredData.

/// A schema.org `NewsArticle` (or a subtype) for a `<script type="application/ld+json">` on the article's page.
public sealed class NewsArticleJsonLd
{
    [JsonPropertyName("@context")]
    public required string Context { get; init; }

    /// The schema.org type of the article's `kind`: `ReportageNewsArticle` (news), `AnalysisNewsArticle`,
    /// `OpinionNewsArticle`, `BackgroundNewsArticle`, `NewsArticle` (factCheck) or `AdvertiserContentArticle` (sponsored).
    [JsonPropertyName("@type")]
    public required string Type { get; init; }

    /// `seo.metaTitle`, else the title; at most 110 characters (cut at a word, with `…`).
    public required string Headline { get; init; }

    /// `seo.metaDescription`, else the excerpt.
    public required string Description { get; init; }

    /// Absent for a draft that was never published.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? DatePublished { get; init; }

    public required DateTime DateModified { get; init; }

    /// The authors in order, each with their page on the front end.
    public required IReadOnlyList<PersonJsonLd> Author { get; init; }

    public required OrganizationJsonLd Publisher { get; init; }

    /// `seo.ogImage`, else the feature image, as `ImageObject`s (Google's Article structured data): of a media item the
    /// original, then its renditions in the original's format, widest first (Google suggests several sizes), each with
    /// its width and height, and the caption and credit; absent when the article has neither.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ImageObjectJsonLd>? Image { get; init; }

    public required string InLanguage { get; init; }

    /// The article's `url`.
    public required string Url { get; init; }

    public required WebPageJsonLd MainEntityOfPage { get; init; }

    /// The tags' names; absent when the article has none.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Keywords { get; init; }

    public required bool IsAccessibleForFree { get; init; }

    /// The article's corrections, oldest first; absent when it has none.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CorrectionCommentJsonLd>? Correction { get; init; }

    /// When this article is the original of its translation group (the earliest published), its published translations.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CreativeWorkJsonLd>? WorkTranslation { get; init; }

    /// When this article translates another (the group's earliest published article), that original.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CreativeWorkJsonLd? TranslationOfWork { get; init; }
}

/// A correction, clarification, update or retraction published with the article.
public sealed class CorrectionCommentJsonLd
{
    [JsonPropertyName("@type")]
    public string Type => "CorrectionComment";

    /// The note as written (Markdown).
    public required string Text { get; init; }

    public required DateTime DatePublished { get; init; }
}

/// Another language version of the article, by its public URL.
public sealed class CreativeWorkJsonLd
{
    [JsonPropertyName("@type")]
    public string Type => "CreativeWork";

    [JsonPropertyName("@id")]
    public required string Id { get; init; }

    public required string Url { get; init; }
    public required string Name { get; init; }
    public required string InLanguage { get; init; }
}

public sealed class PersonJsonLd
{
    [JsonPropertyName("@type")]
    public string Type => "Person";

    public required string Name { get; init; }
    public required string Url { get; init; }
}

/// The publisher: the site (GET /api/v1/site).
public sealed class OrganizationJsonLd
{
    [JsonPropertyName("@type")]
    public string Type => "NewsMediaOrganization";

    public required string Name { get; init; }
    public required string Url { get; init; }

    /// The site's `logoUrl`; absent when it has none.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImageObjectJsonLd? Logo { get; init; }
}

public sealed class ImageObjectJsonLd
{
    [JsonPropertyName("@type")]
    public string Type => "ImageObject";

    public required string Url { get; init; }

    /// In pixels, when known (a media item's files).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Width { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Height { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Caption { get; init; }

    /// Who made the picture, as it should be printed (the feature image's credit).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CreditText { get; init; }
}

public sealed class WebPageJsonLd
{
    [JsonPropertyName("@type")]
    public string Type => "WebPage";

    [JsonPropertyName("@id")]
    public required string Id { get; init; }
}
