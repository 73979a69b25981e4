using System.Text.Json.Serialization;

namespace ArticlesApi.Features.Articles;

/// The body in the formats asked for (`formats=`); formats not asked for are absent.
public sealed class ArticleBodyResponse
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Markdown { get; init; }

    /// Sanitized HTML, safe to insert into a page as is.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Html { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }
}
