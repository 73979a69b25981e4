using System.Text.Json.Serialization;

namespace ArticlesApi.Features.Articles;

/// The facets asked for, each the most common values among the matching articles, most common first (ties by name).
/// A facet not asked for is absent.
public sealed class ArticleFacets
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FacetCount>? Tag { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FacetCount>? Author { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<LanguageFacetCount>? Language { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FacetCount>? Source { get; init; }
}
