namespace ArticlesApi.Domain;

public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Role Role { get; set; }

    /// For authors and contributors: the author the key acts as. Null for a revoked key whose author was
    /// deleted; FormerAuthorId and FormerAuthorName then say whom it acted as.
    public Guid? AuthorId { get; set; }

    public Guid? FormerAuthorId { get; set; }
    public string? FormerAuthorName { get; set; }

    /// The first characters of the secret, shown in lists so people can tell keys apart.
    public required string Prefix { get; set; }

    /// SHA-256 of the secret; the secret itself is never stored.
    public required byte[] SecretHash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public Author? Author { get; set; }

    /// The author is being deleted: a revoked key lets go of it and keeps its id and name for the record.
    public void ForgetAuthor(Author author)
    {
        if (RevokedAt is null)
            throw new InvalidOperationException($"The key {Id} is active: it cannot lose its author.");
        FormerAuthorId = author.Id;
        FormerAuthorName = author.Name;
        AuthorId = null;
        Author = null;
    }
}

public enum Role
{
    Contributor,
    Author,
    Editor,
    Admin,

    /// Reads published content only, exactly as anonymous callers do, with a rate limit of its own: for a
    /// front-end server that renders pages for many visitors from one address.
    Reader,
}
