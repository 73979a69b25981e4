namespace ArticlesApi.Domain;

/// The one live preview link of an article: a new link replaces it and revoking deletes it, so either ends
/// the links given out before. Only the SHA-256 of the token is stored, as for API keys.
public sealed class ArticlePreview
{
    public Guid ArticleId { get; set; }
    public required byte[] TokenHash { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }

    /// The key that made the link, for the record.
    public Guid? CreatedByKeyId { get; set; }
}
