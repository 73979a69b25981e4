namespace ArticlesApi.Domain;

/// Authors, tags and sources: listed by name, then id.
public interface INamed
{
    Guid Id { get; }
    string Name { get; }
    string Slug { get; }
}
