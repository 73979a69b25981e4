using System.Linq.Expressions;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using LinqKit;

namespace ArticlesApi.Features.Articles;

/// The one projection of an article into its representation, in SQL. Every read of a whole article goes
/// through it (the compiled public read, keys' reads, the current article of a write), so all give the same
/// JSON and the same ETag.
public static class ArticleProjections
{
    /// The full article, projected in SQL; the body only in the formats asked for (others are null).
    /// `everyTranslation`: a key's read lists every translation out of the trash; the public's the published ones.
    public static Expression<Func<Article, ArticleResponse>> Full(DateTime now, BodyFormats formats = BodyFormats.All, bool everyTranslation = true)
    {
        var full = FullAt(formats);
        Expression<Func<Article, ArticleResponse>> at = a => full.Invoke(a, now, everyTranslation);
        return at.Expand();
    }

    /// The same with the time as a parameter, for queries compiled once; built once per set of formats, which
    /// are constants in it, so the SQL reads only the body columns asked for.
    public static Expression<Func<Article, DateTime, bool, ArticleResponse>> FullAt(BodyFormats formats) => FullByFormats[(int)(formats & BodyFormats.All)];

    static Expression<Func<Article, DateTime, bool, ArticleResponse>> WithFormats(BodyFormats formats)
    {
        var article = Expression.Parameter(typeof(Article), "a");
        var now = Expression.Parameter(typeof(DateTime), "now");
        var every = Expression.Parameter(typeof(bool), "everyTranslation");
        var body = Expression.Invoke(Template, article, now, every, Expression.Constant(formats.HasFlag(BodyFormats.Markdown)),
            Expression.Constant(formats.HasFlag(BodyFormats.Html)), Expression.Constant(formats.HasFlag(BodyFormats.Text)));
        return Expression.Lambda<Func<Article, DateTime, bool, ArticleResponse>>(body, article, now, every).Expand();
    }

    /// A tag's name in the article's language ("en" also for an "en-GB" article), else its own name: one scalar
    /// subquery in the tags' own query.
    public static readonly Expression<Func<Tag, string, string>> LocalizedName = (tag, language) =>
        tag.Translations
            .Where(t => t.Language == language || language.StartsWith(t.Language + "-"))
            .OrderByDescending(t => t.Language.Length)
            .Select(t => t.Name)
            .FirstOrDefault() ?? tag.Name;

    static readonly Expression<Func<Article, DateTime, bool, bool, bool, bool, ArticleResponse>> Template = (a, now, everyTranslation, markdown, html, text) => new ArticleResponse
    {
        Id = a.Id,
        Slug = a.Slug,
        Url = "",
        Title = a.Title,
        Subtitle = a.Subtitle,
        Excerpt = a.Excerpt,
        ExcerptIsCustom = a.ExcerptIsCustom,
        Body = new ArticleBodyResponse
        {
            Markdown = markdown ? a.Body.Markdown : null,
            Html = html ? a.Body.Html : null,
            Text = text ? a.Body.Text : null,
        },
        Language = a.Language,
        Status = a.Status == ArticleStatus.Scheduled && a.PublishedAt <= now ? ArticleStatus.Published : a.Status,
        Kind = a.Kind,
        Featured = a.Featured,
        PublishedAt = a.PublishedAt,
        CreatedAt = a.CreatedAt,
        UpdatedAt = a.UpdatedAt,
        WordCount = a.WordCount,
        ReadingTimeMinutes = a.ReadingTimeMinutes,
        FeatureImage = a.FeatureImage == null ? null
            : FeatureImageResponse.Of(a.FeatureImage.Url, a.FeatureImage.Alt, a.FeatureImage.Caption, a.FeatureImage.Credit,
                a.FeatureImage.MediaId, a.FeatureImage.MediaDetails),
        CanonicalUrl = a.CanonicalUrl,
        Seo = new SeoResponse { MetaTitle = a.Seo.MetaTitle, MetaDescription = a.Seo.MetaDescription, OgImage = a.Seo.OgImage },
        Authors = a.Authors.OrderBy(x => x.Position)
            .Select(x => new AuthorSummary { Id = x.Author.Id, Slug = x.Author.Slug, Name = x.Author.Name, Url = "", AvatarUrl = x.Author.AvatarUrl })
            .ToList(),
        Tags = a.Tags.OrderBy(x => x.Position)
            .Select(x => new TagSummary { Id = x.Tag.Id, Slug = x.Tag.Slug, Name = LocalizedName.Invoke(x.Tag, a.Language), Url = "" })
            .ToList(),
        TranslationsSource = TranslationGroups.Json(a.TranslationGroupId, a.Id, everyTranslation, now),
        Citations = a.Citations.OrderBy(c => c.Position)
            .Select(c => new CitationResponse
            {
                Source = new SourceSummary { Id = c.Source.Id, Slug = c.Source.Slug, Name = c.Source.Name, Url = "", Kind = c.Source.Kind, WebsiteUrl = c.Source.WebsiteUrl },
                Claim = c.Claim,
                Attribution = c.Attribution,
                Quote = c.Quote,
                Url = c.Url,
                Position = c.Position,
            })
            .ToList(),
        Corrections = a.Corrections.OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new CorrectionResponse { Id = c.Id, Kind = c.Kind, Note = c.NoteMarkdown, Html = c.NoteHtml, At = c.At })
            .ToList(),
        // Made from the rest with the site's URLs, after the query (ArticleResponse.LinkTo).
        StructuredData = null!,
    };

    // After Template: static fields are initialised in the order they are written.
    static readonly Expression<Func<Article, DateTime, bool, ArticleResponse>>[] FullByFormats =
        [.. Enumerable.Range(0, (int)BodyFormats.All + 1).Select(f => WithFormats((BodyFormats)f))];
}
