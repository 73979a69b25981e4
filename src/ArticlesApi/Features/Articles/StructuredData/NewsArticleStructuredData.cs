using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Articles;

/// The one place an article's schema.org JSON-LD is made, from its representation (public URLs filled) and the site.
/// What later parts add (a subtype from the article's kind, `correction`, `workTranslation`) goes here as members of
/// NewsArticleJsonLd set from the representation.
public static class NewsArticleStructuredData
{
    public const int MaxHeadlineLength = 110;

    public static NewsArticleJsonLd For(ArticleResponse article, SiteUrls site) => new()
    {
        Context = "https://schema.org",
        Type = "NewsArticle",
        Headline = Headline(article.Seo.MetaTitle ?? article.Title),
        Description = article.Seo.MetaDescription ?? article.Excerpt,
        DatePublished = article.PublishedAt,
        DateModified = article.UpdatedAt,
        Author = [.. article.Authors.Select(a => new PersonJsonLd { Name = a.Name, Url = a.Url })],
        Publisher = new OrganizationJsonLd
        {
            Name = site.Site.Name,
            Url = site.Site.Url,
            Logo = site.Site.LogoUrl is { } logo ? new ImageObjectJsonLd { Url = logo } : null,
        },
        Image = (article.Seo.OgImage ?? article.FeatureImage?.Url) is { } image ? [image] : null,
        InLanguage = article.Language,
        Url = article.Url,
        MainEntityOfPage = new WebPageJsonLd { Id = article.Url },
        Keywords = article.Tags.Count == 0 ? null : [.. article.Tags.Select(t => t.Name)],
        IsAccessibleForFree = true,
    };

    /// Google shows at most 110 characters: a longer headline is cut at the last space before, with an ellipsis.
    static string Headline(string title)
    {
        if (title.Length <= MaxHeadlineLength)
            return title;
        var cut = title[..(MaxHeadlineLength - 1)];
        var space = cut.LastIndexOf(' ');
        return (space > MaxHeadlineLength / 2 ? cut[..space] : cut).TrimEnd() + "…";
    }
}
