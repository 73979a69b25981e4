using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Articles.List;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Features.Tags;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Distribution.Feeds;

/// The parameters every feed takes. Strings, so that `limit=abc` is a 400 naming `limit`.
public sealed class FeedRequest
{
    public const int MaxLimit = 100;

    /// Items, 1–100 (default 50).
    public string? Limit { get; set; }

    /// Only articles with this tag (slug).
    public string? Tag { get; set; }

    /// Only articles by this author (slug).
    public string? Author { get; set; }

    /// Only articles in this language (BCP 47; `pt` also matches `pt-BR`).
    public string? Language { get; set; }

    public int Items() => TryParseLimit(Limit, out var limit) ? limit : FeedArticles.DefaultLimit;

    public static bool TryParseLimit(string? value, out int limit)
    {
        limit = FeedArticles.DefaultLimit;
        return string.IsNullOrEmpty(value)
            || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit);
    }
}

sealed partial class FeedValidator : Validator<FeedRequest>
{
    public FeedValidator()
    {
        RuleFor(r => r.Limit).Must(v => FeedRequest.TryParseLimit(v, out _))
            .WithMessage($"limit must be a whole number from 1 to {FeedRequest.MaxLimit}.");
        RuleFor(r => r.Tag).Must(IsSlug).WithMessage("tag must be a slug (lower-case letters, digits and hyphens).");
        RuleFor(r => r.Author).Must(IsSlug).WithMessage("author must be a slug (lower-case letters, digits and hyphens).");
        RuleFor(r => r.Language).Must(ArticleQuery.IsLanguage)
            .WithMessage("language must be a known BCP 47 language tag, such as it, en or pt-BR.");
    }

    static bool IsSlug(string? value) => value is null || (value.Length <= Slug.MaxLength && SlugPattern().IsMatch(value));

    [GeneratedRegex(Slug.Pattern)]
    private static partial Regex SlugPattern();
}

/// Builds the feed a request asks for, whatever the format. An unknown tag or author answers 404, as Ghost's
/// `/tag/{slug}/rss/` and WordPress's `/author/{slug}/feed/` do (a tag that only drafts carry is unknown to the
/// public, as `GET /tags/{slug}` says); a language no article is written in is an empty feed, not an error.
public static class FeedBuilder
{
    public const string Description =
        "Published articles, newest first (`limit`, 1–100, default 50), each with its public URL on the front end (the site's " +
        "article URL template), a stable id (`urn:uuid:<article id>`, unchanged when the slug changes), publication and " +
        "last-change dates, authors, tags, excerpt, the full sanitized HTML body, the feature image and the article's " +
        "corrections. Filters: `tag`, `author` (slugs) and `language`. Cached and conditional like any read: ETag, 304, " +
        "`public, max-age`; every write that changes the feed changes its next answer.";

    public const string NotFound = "No such tag or author (`tag`, `author`): a tag that only unpublished articles carry is unknown to the public.";

    public static async Task<Feed?> BuildAsync(ArticlesDb db, SiteLinks links, PublicUrls publicUrls, HttpRequest request,
        ClaimsPrincipal user, TimeProvider time, FeedRequest r, CancellationToken ct)
    {
        var site = await links.CurrentAsync(db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var (title, home) = (site.Site.Name, site.Site.Url.TrimEnd('/'));
        Guid? tagId = null, authorId = null;
        if (r.Tag is { } tagSlug)
        {
            var due = await ScheduledPublication.DueIdsAsync(db, ct);
            var tag = await ReadableTags.For(db, user, due).Where(t => t.Slug == tagSlug).Select(t => new { t.Id, t.Name }).FirstOrDefaultAsync(ct);
            if (tag is null)
                return null;
            (tagId, title, home) = (tag.Id, $"{title}: {tag.Name}", site.Tag(tagSlug));
        }
        if (r.Author is { } authorSlug)
        {
            var author = await db.Authors.Where(a => a.Slug == authorSlug).Select(a => new { a.Id, a.Name }).FirstOrDefaultAsync(ct);
            if (author is null)
                return null;
            (authorId, title, home) = (author.Id, $"{title}: {author.Name}", r.Tag is null ? site.Author(authorSlug) : home);
        }
        var items = await FeedArticles.ReadAsync(db, site, now, tagId, authorId, r.Language, r.Items(), ct);
        return Envelope(site, publicUrls, request, r, title, home, items, items.Count == 0 ? null : items.Max(i => i.Updated)) with
        {
            Keys = ["articles", "authors", "tags", .. tagId is { } t ? [$"tag-{t:D}"] : Array.Empty<string>(),
                .. authorId is { } a ? [$"author-{a:D}"] : Array.Empty<string>()],
        };
    }

    /// The feed around its items: its language, id and self link, and `updated`, the newest item's last change (the
    /// site's when it has none). Also the envelope of the ready-made feeds (Distribution/Ready).
    internal static Feed Envelope(SiteUrls site, PublicUrls publicUrls, HttpRequest request, FeedRequest r, string title, string home,
        IReadOnlyList<FeedItem> items, DateTime? newest)
    {
        var language = r.Language ?? site.Site.Languages.FirstOrDefault() ?? "en";
        var id = r.Language is null ? home : $"{home}#{r.Language}";
        var self = publicUrls.Base is null ? null : publicUrls.For(request, request.QueryString);
        return new Feed(title, site.Site.Description, language, home, id, self, site.Site.LogoUrl, newest ?? site.Site.UpdatedAt, items);
    }
}
