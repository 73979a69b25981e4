using ArticlesApi.Domain;

namespace ArticlesApi.Features.Articles;

/// A public correction, clarification, update or retraction of an article, as readers see it.
public sealed class CorrectionResponse
{
    public required Guid Id { get; init; }
    public required CorrectionKind Kind { get; init; }

    /// The note as written (Markdown).
    public required string Note { get; init; }

    /// The note rendered to sanitized HTML, as bodies are.
    public required string Html { get; init; }
    public required DateTime At { get; init; }
}
