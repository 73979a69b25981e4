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
}
