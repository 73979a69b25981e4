namespace ArticlesApi.Domain;

public sealed class Tag : INamed, ISlugged
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }

    /// Articles with this tag with status published, out of the trash. Kept by the
    /// database (triggers of the PublishedArticleCounts migration), never written by the API.
    public int PublishedArticleCount { get; private set; }

    public List<ArticleTag> Articles { get; set; } = [];

    /// The tag's name (and description) in other languages, one per language.
    public List<TagTranslation> Translations { get; set; } = [];
}

/// A tag's name in one language: articles in that language embed it instead of the tag's own name.
public sealed class TagTranslation
{
    public Guid TagId { get; set; }

    /// BCP 47 tag, normalized as articles' languages are ("en", "pt-BR").
    public required string Language { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
}
