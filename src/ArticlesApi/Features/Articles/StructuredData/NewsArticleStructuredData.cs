using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Articles;

/// The one place an article's schema.org JSON-LD is made, from its representation (public URLs filled) and the site.
/// The `@type` follows the article's kind; corrections are `CorrectionComment`s; of a translation group the earliest
/// published article is the work (`workTranslation`: the others) and the others its translations (`translationOfWork`).
public static class NewsArticleStructuredData
{
    public const int MaxHeadlineLength = 110;

    public static NewsArticleJsonLd For(ArticleResponse article, SiteUrls site)
    {
        var (work, translations) = Translations(article);
        return new()
        {
            Context = "https://schema.org",
            Type = TypeOf(article.Kind),
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
            Image = article.Seo.OgImage is { } og ? [new ImageObjectJsonLd { Url = og }]
                : article.FeatureImage is { } image ? Images(image)
                : null,
            InLanguage = article.Language,
            Url = article.Url,
            MainEntityOfPage = new WebPageJsonLd { Id = article.Url },
            Keywords = article.Tags.Count == 0 ? null : [.. article.Tags.Select(t => t.Name)],
            IsAccessibleForFree = true,
            Correction = article.Corrections.Count == 0 ? null
                : [.. article.Corrections.Select(c => new CorrectionCommentJsonLd { Text = c.Note, DatePublished = c.At })],
            WorkTranslation = translations,
            TranslationOfWork = work,
        };
    }

    /// The feature image (its size when known), then a media item's renditions in the original's format, widest first; each
    /// with the picture's caption and credit.
    static List<ImageObjectJsonLd> Images(FeatureImageResponse image) =>
    [
        new() { Url = image.Url, Width = image.Width, Height = image.Height, Caption = image.Caption, CreditText = image.Credit },
        .. (image.Renditions ?? []).Where(r => image.ContentType?.EndsWith("/" + r.Format) == true).OrderByDescending(r => r.Width)
            .Select(r => new ImageObjectJsonLd { Url = r.Url, Width = r.Width, Height = r.Height, Caption = image.Caption, CreditText = image.Credit }),
    ];

    /// schema.org's type for each kind of work.
    public static string TypeOf(ArticleKind kind) => kind switch
    {
        ArticleKind.News => "ReportageNewsArticle",
        ArticleKind.Analysis => "AnalysisNewsArticle",
        ArticleKind.Opinion => "OpinionNewsArticle",
        ArticleKind.Background => "BackgroundNewsArticle",
        ArticleKind.Sponsored => "AdvertiserContentArticle",
        _ => "NewsArticle",
    };

    /// The published versions of the group only (what a reader can open): the earliest published (then the lowest id)
    /// is the work. This article being it → its translations; another being it → that work.
    static (CreativeWorkJsonLd? Work, IReadOnlyList<CreativeWorkJsonLd>? Translations) Translations(ArticleResponse article)
    {
        var published = article.Translations.Where(t => t.Status == ArticleStatus.Published).ToList();
        if (published.Count == 0)
            return (null, null);
        var original = published.OrderBy(t => t.Date).ThenBy(t => t.Id).First();
        var self = article.PublishedAt ?? article.CreatedAt;
        if (self < original.Date.UtcDateTime || (self == original.Date.UtcDateTime && article.Id.CompareTo(original.Id) < 0))
            return (null, [.. published.Select(Work)]);
        return (Work(original), null);
    }

    static CreativeWorkJsonLd Work(TranslationSummary t) => new() { Id = t.Url, Url = t.Url, Name = t.Title, InLanguage = t.Language };

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
