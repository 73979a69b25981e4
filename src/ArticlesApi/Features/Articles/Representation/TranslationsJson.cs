using System.Text.Json;
using System.Text.Json.Serialization;
using ArticlesApi.Domain;

namespace ArticlesApi.Features.Articles;

/// The JSON array article_translations (TranslationGroups.Json) builds in the article's row, read into summaries.
static class TranslationsJson
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// One element of the array; `date` (published, else created) is the date of its URL and not part of the summary.
    sealed record Row(Guid Id, string Slug, string Language, string Title, ArticleStatus Status, DateTimeOffset Date);

    /// The summaries, their `url` empty until LinkTo.
    public static IReadOnlyList<TranslationSummary> Parse(string? json) =>
        string.IsNullOrEmpty(json)
            ? []
            : [.. (JsonSerializer.Deserialize<List<Row>>(json, Options) ?? []).Select(r => new TranslationSummary
            {
                Id = r.Id, Slug = r.Slug, Language = r.Language, Title = r.Title, Status = r.Status, Date = r.Date, Url = "",
            })];
}
