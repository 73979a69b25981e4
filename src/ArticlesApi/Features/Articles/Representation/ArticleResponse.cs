using System.Linq.Expressions;
using System.Text.Json.Serialization;
using ArticlesApi.Domain;
using LinqKit;

namespace ArticlesApi.Features.Articles;

// The article as every endpoint returns it: GET by id or slug, and the answers of POST and PUT
// (one representation, so the ETag of a write answer is the ETag a later GET gives).

/// A full article.
public sealed class ArticleResponse
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public required string Excerpt { get; init; }
    public required ArticleBodyResponse Body { get; init; }

    /// BCP 47 language tag.
    public required string Language { get; init; }

    public required ArticleStatus Status { get; init; }
    public DateTime? PublishedAt { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public required int WordCount { get; init; }
    public required int ReadingTimeMinutes { get; init; }
    public FeatureImageResponse? FeatureImage { get; init; }
    public string? CanonicalUrl { get; init; }

    /// In order: the first is the primary author.
    public required IReadOnlyList<AuthorSummary> Authors { get; init; }

    public required IReadOnlyList<TagSummary> Tags { get; init; }

    /// Every citation in article order.
    public required IReadOnlyList<CitationResponse> Citations { get; init; }

    /// The same citations grouped by source, sources in order of first citation.
    public IReadOnlyList<SourceCitations> CitationsBySource => Citations
        .GroupBy(c => c.Source.Id)
        .Select(g => new SourceCitations { Source = g.First().Source, Citations = g.ToList() })
        .ToList();
}

/// An article in a list: everything but the body and citations.
public sealed class ArticleSummary
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public required string Excerpt { get; init; }
    public required string Language { get; init; }
    public required ArticleStatus Status { get; init; }
    public DateTime? PublishedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public required int ReadingTimeMinutes { get; init; }
    public FeatureImageResponse? FeatureImage { get; init; }
    public required IReadOnlyList<AuthorSummary> Authors { get; init; }
    public required IReadOnlyList<TagSummary> Tags { get; init; }

    /// Search hits only: fragments of the article with the matched words wrapped in &lt;mark&gt;.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Highlight { get; init; }
}

[Flags]
public enum BodyFormats
{
    Markdown = 1,
    Html = 2,
    Text = 4,
    All = Markdown | Html | Text,
}

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

public sealed class FeatureImageResponse
{
    public required string Url { get; init; }
    public string? Alt { get; init; }
    public string? Caption { get; init; }
}

public sealed class AuthorSummary
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public string? AvatarUrl { get; init; }
}

public sealed class TagSummary
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
}

public sealed class SourceSummary
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required SourceKind Kind { get; init; }
}

public sealed class CitationResponse
{
    public required SourceSummary Source { get; init; }
    public required string Claim { get; init; }
    public string? Attribution { get; init; }
    public string? Quote { get; init; }
    public string? Url { get; init; }
    public required int Position { get; init; }
}

public sealed class SourceCitations
{
    public required SourceSummary Source { get; init; }
    public required IReadOnlyList<CitationResponse> Citations { get; init; }
}

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
        Title = a.Title,
        Subtitle = a.Subtitle,
        Excerpt = a.Excerpt,
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
        Authors = a.Authors.OrderBy(x => x.Position)
            .Select(x => new AuthorSummary { Id = x.Author.Id, Slug = x.Author.Slug, Name = x.Author.Name, AvatarUrl = x.Author.AvatarUrl })
            .ToList(),
        Tags = a.Tags.OrderBy(x => x.Tag.Name)
            .Select(x => new TagSummary { Id = x.Tag.Id, Slug = x.Tag.Slug, Name = x.Tag.Name })
            .ToList(),
        Citations = a.Citations.OrderBy(c => c.Position)
            .Select(c => new CitationResponse
            {
                Source = new SourceSummary { Id = c.Source.Id, Slug = c.Source.Slug, Name = c.Source.Name, Kind = c.Source.Kind },
                Claim = c.Claim,
                Attribution = c.Attribution,
                Quote = c.Quote,
                Url = c.Url,
                Position = c.Position,
            })
            .ToList(),
    };

    // After Template: static fields are initialised in the order they are written.
    static readonly Expression<Func<Article, DateTime, ArticleResponse>>[] FullByFormats =
        [.. Enumerable.Range(0, (int)BodyFormats.All + 1).Select(f => WithFormats((BodyFormats)f))];
}
