using ArticlesApi.Domain;

namespace ArticlesApi.Features.Articles;

/// Another article of the same translation group: the same story in another language.
public sealed class TranslationSummary
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }

    /// BCP 47 language tag.
    public required string Language { get; init; }

    public required string Title { get; init; }
    public required ArticleStatus Status { get; init; }
}
