using System.Linq.Expressions;
using ArticlesApi.Domain;
using LinqKit;

namespace ArticlesApi.Features.Articles;

/// The one projection of an article into its representation, in SQL. Every read of a whole article goes
/// through it (the compiled public read, keys' reads, the current article of a write), so all give the same
/// JSON and the same ETag.
public static class ArticleProjections
{
    /// The full article, projected in SQL; the body only in the formats asked for (others are null).
    public static Expression<Func<Article, ArticleResponse>> Full(DateTime now, BodyFormats formats = BodyFormats.All)
    {
        var full = FullAt(formats);
        Expression<Func<Article, ArticleResponse>> at = a => full.Invoke(a, now);
        return at.Expand();
    }

    /// The same with the time as a parameter, for queries compiled once; built once per set of formats, which
    /// are constants in it, so the SQL reads only the body columns asked for.
    public static Expression<Func<Article, DateTime, ArticleResponse>> FullAt(BodyFormats formats) => FullByFormats[(int)(formats & BodyFormats.All)];

    static Expression<Func<Article, DateTime, ArticleResponse>> WithFormats(BodyFormats formats)
    {
        var article = Expression.Parameter(typeof(Article), "a");
        var now = Expression.Parameter(typeof(DateTime), "now");
        var body = Expression.Invoke(Template, article, now, Expression.Constant(formats.HasFlag(BodyFormats.Markdown)),
            Expression.Constant(formats.HasFlag(BodyFormats.Html)), Expression.Constant(formats.HasFlag(BodyFormats.Text)));
        return Expression.Lambda<Func<Article, DateTime, ArticleResponse>>(body, article, now).Expand();
    }

    static readonly Expression<Func<Article, DateTime, bool, bool, bool, ArticleResponse>> Template = (a, now, markdown, html, text) => new ArticleResponse
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
        PublishedAt = a.PublishedAt,
        CreatedAt = a.CreatedAt,
        UpdatedAt = a.UpdatedAt,
        WordCount = a.WordCount,
        ReadingTimeMinutes = a.ReadingTimeMinutes,
        FeatureImage = a.FeatureImage == null ? null
            : new FeatureImageResponse { Url = a.FeatureImage.Url, Alt = a.FeatureImage.Alt, Caption = a.FeatureImage.Caption },
        CanonicalUrl = a.CanonicalUrl,
        Seo = new SeoResponse { MetaTitle = a.Seo.MetaTitle, MetaDescription = a.Seo.MetaDescription, OgImage = a.Seo.OgImage },
        Authors = a.Authors.OrderBy(x => x.Position)
            .Select(x => new AuthorSummary { Id = x.Author.Id, Slug = x.Author.Slug, Name = x.Author.Name, Url = "", AvatarUrl = x.Author.AvatarUrl })
            .ToList(),
        Tags = a.Tags.OrderBy(x => x.Tag.Name)
            .Select(x => new TagSummary { Id = x.Tag.Id, Slug = x.Tag.Slug, Name = x.Tag.Name, Url = "" })
            .ToList(),
        Citations = a.Citations.OrderBy(c => c.Position)
            .Select(c => new CitationResponse
            {
                Source = new SourceSummary { Id = c.Source.Id, Slug = c.Source.Slug, Name = c.Source.Name, Kind = c.Source.Kind, Url = c.Source.Url },
                Claim = c.Claim,
                Attribution = c.Attribution,
                Quote = c.Quote,
                Url = c.Url,
                Position = c.Position,
            })
            .ToList(),
        // Made from the rest with the site's URLs, after the query (ArticleResponse.LinkTo).
        StructuredData = null!,
    };

    // After Template: static fields are initialised in the order they are written.
    static readonly Expression<Func<Article, DateTime, ArticleResponse>>[] FullByFormats =
        [.. Enumerable.Range(0, (int)BodyFormats.All + 1).Select(f => WithFormats((BodyFormats)f))];
}
