using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArticlesApi.Features.Articles;

/// The JSON array article_translations (TranslationGroups.Json) builds in the article's row, read into summaries.
static class TranslationsJson
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static IReadOnlyList<TranslationSummary> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<TranslationSummary>>(json, Options) ?? [];
}
