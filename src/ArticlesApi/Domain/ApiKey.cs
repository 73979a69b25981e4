namespace ArticlesApi.Domain;

public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Role Role { get; set; }

    /// For authors and contributors: the author the key acts as.
    public Guid? AuthorId { get; set; }

    /// The first characters of the secret, shown in lists so people can tell keys apart.
    public required string Prefix { get; set; }

    /// SHA-256 of the secret; the secret itself is never stored.
    public required byte[] SecretHash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public Author? Author { get; set; }
}

public enum Role
{
    Contributor,
    Author,
    Editor,
    Admin,
}
