namespace ArticlesApi.Domain;

public sealed class Author : INamed, ISlugged
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Bio { get; set; }

    /// Private: never part of a public read.
    public string? Email { get; set; }

    public string? AvatarUrl { get; set; }
    public string? WebsiteUrl { get; set; }
    public string? Location { get; set; }
    public List<AuthorLink> Links { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }

    /// Articles by this author with status published, out of the trash. Kept by the
    /// database (triggers of the PublishedArticleCounts migration), never written by the API.
    public int PublishedArticleCount { get; private set; }

    public List<ArticleAuthor> Articles { get; set; } = [];
}

/// A social or professional profile, e.g. { "label": "Mastodon", "url": "https://…" }.
public sealed class AuthorLink
{
    public required string Label { get; set; }
    public required string Url { get; set; }
}
