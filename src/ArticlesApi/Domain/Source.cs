namespace ArticlesApi.Domain;

/// Who a claim is attributed to: a news agency, a ministry, an intelligence service, a document…
public sealed class Source : INamed, ISlugged
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public SourceKind Kind { get; set; }
    /// The source's own website (an agency's, a ministry's); column `url`.
    public string? WebsiteUrl { get; set; }

    /// ISO 3166-1 alpha-2, upper case.
    public string? Country { get; set; }

    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }

    /// Articles citing this source with status published, out of the trash. Kept by the
    /// database (triggers of the PublishedArticleCounts migration), never written by the API.
    public int PublishedArticleCount { get; private set; }

    public List<Citation> Citations { get; set; } = [];
}

public enum SourceKind
{
    Agency,
    Government,
    Intelligence,
    Media,
    Organization,
    Person,
    Document,
    Other,
}
