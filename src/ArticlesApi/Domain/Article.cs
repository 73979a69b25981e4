namespace ArticlesApi.Domain;

public sealed class Article
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string? Subtitle { get; set; }
    public required string Excerpt { get; set; }

    /// False: the excerpt is derived from the body (its first paragraph) and follows it; true: written by hand.
    public bool ExcerptIsCustom { get; set; }
    public required ArticleBody Body { get; set; }

    /// BCP 47 tag, e.g. "it", "en", "pt-BR".
    public required string Language { get; set; }

    public ArticleStatus Status { get; set; } = ArticleStatus.Draft;

    /// The type of work (the Trust Project's label): news unless said otherwise.
    public ArticleKind Kind { get; set; } = ArticleKind.News;

    /// Picked by the newsroom for prominence (a front page's lead, a "featured" rail).
    public bool Featured { get; set; }

    /// The translation group: the same story in other languages shares it (one article per language, a
    /// unique index). The id of the article the group started from; null when the article has no translations.
    public Guid? TranslationGroupId { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// Set when the article is moved to the trash; a trashed article can be restored.
    public DateTime? DeletedAt { get; set; }

    public int WordCount { get; set; }
    public int ReadingTimeMinutes { get; set; }
    public FeatureImage? FeatureImage { get; set; }
    public string? CanonicalUrl { get; set; }

    /// What search engines and social cards show, when it should differ from the title, excerpt and feature image.
    public ArticleSeo Seo { get; set; } = new();

    public uint Version { get; set; }

    /// Ordered: the first is the primary author.
    public List<ArticleAuthor> Authors { get; set; } = [];

    public List<ArticleTag> Tags { get; set; } = [];

    /// In article order.
    public List<Citation> Citations { get; set; } = [];

    /// Public corrections, clarifications, updates and retractions, oldest first; appended only.
    public List<Correction> Corrections { get; set; } = [];

    /// Not stored: what the write in progress does when its changes alone do not say it (a revision restore, a
    /// correction, a takedown), and why; its revision records them (Data/ArticleRevisionLog).
    public string? RevisionAction { get; set; }
    public string? RevisionNote { get; set; }
}

/// The type of work, mapped to schema.org's NewsArticle subtypes in structured data.
public enum ArticleKind
{
    News,
    Analysis,
    Opinion,
    Background,
    FactCheck,
    Sponsored,
}

public enum ArticleStatus
{
    Draft,
    Scheduled,
    Published,
    Archived,

    /// Removed for legal reasons (POST /articles/{id}/takedown): 410 Gone to all but editors and admins, until an admin restores it.
    TakenDown,
}

public sealed class FeatureImage
{
    /// Of a media item: its original's URL when the image was written (media files never change).
    public required string Url { get; set; }
    public string? Alt { get; set; }
    public string? Caption { get; set; }
    public string? Credit { get; set; }

    /// The media item shown, when given by id (a foreign key: a media item in use cannot be deleted).
    public Guid? MediaId { get; set; }

    /// Of a media item: its type, size, renditions and placeholder when the article was written, as JSON
    /// (FeatureImageDetails; the members of the read's `featureImage`).
    public string? MediaDetails { get; set; }
}

/// Search and social metadata as written; null members fall back (title, excerpt, feature image) where they are used.
public sealed class ArticleSeo
{
    public const int MaxMetaTitleLength = 70;
    public const int MaxMetaDescriptionLength = 160;

    public string? MetaTitle { get; set; }
    public string? MetaDescription { get; set; }
    public string? OgImage { get; set; }
}

public sealed class ArticleAuthor
{
    public Guid ArticleId { get; set; }
    public Guid AuthorId { get; set; }
    public int Position { get; set; }
    public Article Article { get; set; } = null!;
    public Author Author { get; set; } = null!;
}

public sealed class ArticleTag
{
    public Guid ArticleId { get; set; }
    public Guid TagId { get; set; }

    /// Zero-based order of the tag in the article: the first is the primary tag.
    public int Position { get; set; }

    public Article Article { get; set; } = null!;
    public Tag Tag { get; set; } = null!;
}

/// A claim in an article attributed to a source ("according to ANSA, …").
public sealed class Citation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ArticleId { get; set; }
    public Guid SourceId { get; set; }
    public required string Claim { get; set; }

    /// The attribution verb or hedge as written: "according to", "said", "claimed", "alleged".
    public string? Attribution { get; set; }

    public string? Quote { get; set; }
    public string? Url { get; set; }

    /// Zero-based order of the citation within the article.
    public int Position { get; set; }

    public Article Article { get; set; } = null!;
    public Source Source { get; set; } = null!;
}
