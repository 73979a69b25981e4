using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Distribution.Feeds;

/// What every feed format says: the feed's own title, links and id, and its items, newest first.
public sealed record Feed(string Title, string? Description, string Language, string HomeUrl, string Id, string? SelfUrl,
    string? LogoUrl, DateTime Updated, IReadOnlyList<FeedItem> Items)
{
    /// Its surrogate keys (ADR 0030): `articles` (any article change may change it), `authors` and `tags` (their names
    /// are in its items), and `tag-<id>` / `author-<id>` when filtered by one.
    public IReadOnlyList<string> Keys { get; init; } = ["articles", "authors", "tags"];
}

public sealed record FeedItem(Guid Id, string Title, string Url, string Language, string Excerpt, string Html, DateTime Published,
    DateTime Updated, IReadOnlyList<FeedPerson> Authors, IReadOnlyList<FeedCategory> Categories, FeedImage? Image,
    IReadOnlyList<FeedCorrection> Corrections)
{
    /// Never changes with the slug, the URL template or the site's address: RSS guid, Atom id, JSON Feed id.
    public string StableId => $"urn:uuid:{Id}";
}

public sealed record FeedPerson(string Name, string Url, string? AvatarUrl);

public sealed record FeedCategory(string Name, string Slug, string Url);

/// Of a media item: its original with its real type, size in bytes, width and height.
public sealed record FeedImage(string Url, string? Alt, string? MediaType, long? Length = null, int? Width = null, int? Height = null);

/// A correction published with an article (ADR 0032): when it was made, its kind (`correction`, `clarification`, `update`,
/// `retraction`), its note as written (Markdown) and as sanitized HTML.
public sealed record FeedCorrection(DateTime At, string Kind, string Text, string Html);

/// Which articles a feed lists (published and public now, by ArticleVisibility, newest first) and everything its
/// items need: four SQL commands (the page, its authors, its tags, its corrections).
public static class FeedArticles
{
    public const int DefaultLimit = 50;

    sealed record Row(Guid Id, string Slug, string Title, string Language, string Excerpt, string Html, DateTime PublishedAt,
        DateTime UpdatedAt, string? ImageUrl, string? ImageAlt, string? ImageDetails);

    public static async Task<List<FeedItem>> ReadAsync(ArticlesDb db, SiteUrls site, DateTime now, Guid? tagId, Guid? authorId,
        string? language, int limit, CancellationToken ct)
    {
        var articles = db.Articles.AsNoTracking().Where(ArticleVisibility.PublicAt(now));
        if (tagId is { } tag)
            articles = articles.Where(a => a.Tags.Any(t => t.TagId == tag));
        if (authorId is { } author)
            articles = articles.Where(a => a.Authors.Any(x => x.AuthorId == author));
        if (language is not null)
        {
            // As the article list filters: a bare language (`pt`) also matches its regional variants (`pt-BR`).
            var variants = language + "-";
            articles = language.Contains('-')
                ? articles.Where(a => a.Language == language)
                : articles.Where(a => a.Language == language || a.Language.StartsWith(variants));
        }
        return await ItemsAsync(db, site, articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Take(limit), ct);
    }

    /// The items of these articles, in their order: the page, then its authors, tags and corrections (also what the
    /// ready-made feed items are rendered with, Distribution/Ready).
    internal static async Task<List<FeedItem>> ItemsAsync(ArticlesDb db, SiteUrls site, IQueryable<Article> articles, CancellationToken ct)
    {
        var rows = await articles
            .Select(a => new Row(a.Id, a.Slug, a.Title, a.Language, a.Excerpt, a.Body.Html, a.PublishedAt!.Value, a.UpdatedAt,
                a.FeatureImage == null ? null : a.FeatureImage.Url, a.FeatureImage == null ? null : a.FeatureImage.Alt,
                a.FeatureImage == null ? null : a.FeatureImage.MediaDetails))
            .ToListAsync(ct);

        var ids = rows.Select(r => r.Id).ToArray();
        var authors = (await db.ArticleAuthors.AsNoTracking().Where(x => ids.Contains(x.ArticleId)).OrderBy(x => x.Position)
                .Select(x => new { x.ArticleId, x.Author.Name, x.Author.Slug, x.Author.AvatarUrl }).ToListAsync(ct))
            .ToLookup(x => x.ArticleId, x => new FeedPerson(x.Name, site.Author(x.Slug), x.AvatarUrl));
        var tags = (await db.ArticleTags.AsNoTracking().Where(x => ids.Contains(x.ArticleId)).OrderBy(x => x.Tag.Name)
                .Select(x => new { x.ArticleId, x.Tag.Name, x.Tag.Slug }).ToListAsync(ct))
            .ToLookup(x => x.ArticleId, x => new FeedCategory(x.Name, x.Slug, site.Tag(x.Slug)));
        var corrections = await CorrectionsAsync(db, ids, ct);

        return rows.Select(r => new FeedItem(r.Id, r.Title, site.Article(r.Slug, r.Id, r.Language, r.PublishedAt), r.Language,
            r.Excerpt, r.Html, r.PublishedAt, r.UpdatedAt, [.. authors[r.Id]], [.. tags[r.Id]],
            r.ImageUrl is null ? null : Image(r.ImageUrl, r.ImageAlt, r.ImageDetails),
            [.. corrections[r.Id]])).ToList();
    }

    /// The corrections of these articles (article_corrections, ADR 0032), oldest first: one SQL command per feed.
    static async Task<ILookup<Guid, FeedCorrection>> CorrectionsAsync(ArticlesDb db, Guid[] ids, CancellationToken ct) =>
        (await db.Corrections.AsNoTracking().Where(c => ids.Contains(c.ArticleId)).OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new { c.ArticleId, c.At, c.Kind, c.NoteMarkdown, c.NoteHtml }).ToListAsync(ct))
        .ToLookup(c => c.ArticleId, c => new FeedCorrection(c.At, KindName(c.Kind), c.NoteMarkdown, c.NoteHtml));

    /// The kind as the API writes it (`correction`, `clarification`, `update`, `retraction`).
    public static string KindName(CorrectionKind kind) => kind.ToString().ToLowerInvariant();

    static FeedImage Image(string url, string? alt, string? details) =>
        ArticlesApi.Features.Articles.FeatureImageResponse.Of(url, alt, null, null, null, details) is { ContentType: { } type } media
            ? new FeedImage(url, alt, type, media.Bytes, media.Width, media.Height)
            : new FeedImage(url, alt, ImageMediaType(url));

    /// The image's media type from its file extension, when it has a common one; null otherwise (the formats
    /// then leave the type out rather than guess).
    public static string? ImageMediaType(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => "image/jpeg",
            ".png" => "image/png",
            ".gif" => "image/gif",
            ".webp" => "image/webp",
            ".avif" => "image/avif",
            ".svg" => "image/svg+xml",
            _ => null,
        };
    }
}
