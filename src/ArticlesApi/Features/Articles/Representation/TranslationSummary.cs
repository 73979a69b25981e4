using System.Text.Json.Serialization;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Articles;

/// Another article of the same translation group: the same story in another language.
public sealed class TranslationSummary : ILinked
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }

    /// BCP 47 language tag.
    public required string Language { get; init; }

    public required string Title { get; init; }

    /// The translation's public URL on the front end, made from the site's `articleUrlTemplate` as the article's own `url`.
    public required string Url { get; set; }

    public required ArticleStatus Status { get; init; }

    /// Its publication date, or creation date when never published (article_translations): the date of its URL.
    [JsonIgnore]
    public DateTimeOffset Date { get; init; }

    public void LinkTo(SiteUrls site) => Url = site.Article(Slug, Id, Language, Date.UtcDateTime);
}
