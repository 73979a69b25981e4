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
}

public enum ArticleStatus
{
    Draft,
    Scheduled,
    Published,
    Archived,
}

public sealed class FeatureImage
{
    public required string Url { get; set; }
    public string? Alt { get; set; }
    public string? Caption { get; set; }
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
