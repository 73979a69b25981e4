namespace ArticlesApi.Domain;

/// A resource addressed by id or slug (tags, sources, authors), so that one piece of code writes them all.
public interface ISlugged
{
    Guid Id { get; }
    string Slug { get; set; }
    DateTime UpdatedAt { get; set; }
}
