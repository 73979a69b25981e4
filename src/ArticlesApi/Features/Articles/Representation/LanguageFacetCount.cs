namespace ArticlesApi.Features.Articles;

/// An article language (BCP 47, as the articles store it) and how many matching articles are written in it; `code` is a
/// value of the list's `language` filter.
public sealed class LanguageFacetCount
{
    public required string Code { get; init; }
    public required int Count { get; init; }
}
