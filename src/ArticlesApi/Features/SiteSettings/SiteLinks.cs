using System.Globalization;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Caching;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.SiteSettings;

/// The site as reads need it: its settings and the public URLs of articles, authors, tags and sources on the
/// front end. Loaded once per content generation (a PUT of the site records a content change, which advances
/// the generation on every instance), so a read asks the database for it only after a write.
public sealed class SiteLinks(ContentGeneration generation)
{
    SiteUrls? _known;

    public async ValueTask<SiteUrls> CurrentAsync(ArticlesDb db, CancellationToken ct)
    {
        // The generation is read before the row: a PUT committed in between advances it again, and the
        // next read reloads; the snapshot is never newer-labelled than what it holds.
        var current = generation.Current;
        var known = Volatile.Read(ref _known);
        if (known is not null && known.Generation == current)
            return known;
        var site = await db.Sites.AsNoTracking().SingleAsync(ct);
        var loaded = new SiteUrls(site, current);
        Volatile.Write(ref _known, loaded);
        return loaded;
    }

    /// As CurrentAsync, with the context made (a pooled lease) only when the site must be read again: a ready-made read
    /// leases none (ReadyStatement).
    public ValueTask<SiteUrls> CurrentAsync(Func<ArticlesDb> db, CancellationToken ct) =>
        Volatile.Read(ref _known) is { } known && known.Generation == generation.Current ? ValueTask.FromResult(known) : CurrentAsync(db(), ct);
}

/// A site's settings and the URLs made from them; immutable.
public sealed class SiteUrls(Site site, long generation)
{
    /// Every token an article URL template may hold.
    public static readonly IReadOnlyList<string> Tokens = ["{siteUrl}", "{language}", "{slug}", "{id}", "{yyyy}", "{mm}", "{dd}"];

    public Site Site { get; } = site;
    public long Generation { get; } = generation;

    readonly string _base = site.Url.TrimEnd('/');

    /// The article's public URL from the site's template. `date` fills {yyyy}/{mm}/{dd} (UTC): its
    /// publication time, or its creation time while it has none.
    public string Article(string slug, Guid id, string language, DateTime date) =>
        Expand(Site.ArticleUrlTemplate, _base, slug, id, language, date);

    public string Author(string slug) => $"{_base}/authors/{Uri.EscapeDataString(slug)}";
    public string Tag(string slug) => $"{_base}/tags/{Uri.EscapeDataString(slug)}";
    public string Source(string slug) => $"{_base}/sources/{Uri.EscapeDataString(slug)}";

    public static string Expand(string template, string siteUrl, string slug, Guid id, string language, DateTime date) => template
        .Replace("{siteUrl}", siteUrl.TrimEnd('/'), StringComparison.Ordinal)
        .Replace("{language}", Uri.EscapeDataString(language), StringComparison.Ordinal)
        .Replace("{slug}", Uri.EscapeDataString(slug), StringComparison.Ordinal)
        .Replace("{id}", id.ToString(), StringComparison.Ordinal)
        .Replace("{yyyy}", date.ToString("yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{mm}", date.ToString("MM", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{dd}", date.ToString("dd", CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
