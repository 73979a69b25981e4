namespace ArticlesApi.Features.Articles;

/// A tag, author or source and how many matching articles have it; `slug` is the value of the list's filter of the same name.
public sealed class FacetCount
{
    public required string Slug { get; init; }

    /// A tag's name in the `language` filtered on when it has a translation there, else its own name.
    public required string Name { get; init; }

    public required int Count { get; init; }
}
