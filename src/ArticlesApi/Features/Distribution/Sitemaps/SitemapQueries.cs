using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.SiteSettings;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Distribution.Sitemaps;

/// What the sitemaps list: public articles (ArticleVisibility) by month of publication (UTC), and the authors,
/// tags and sources of at least one published article (their pages on the front end have something to show).
public static class SitemapQueries
{
    /// Articles of one file are read from the database in batches of this many (and their translations with them).
    const int Batch = 1_000;

    public sealed record Listed(string Name, DateTime LastMod);

    static IQueryable<Article> Public(ArticlesDb db, DateTime now) => db.Articles.AsNoTracking().Where(ArticleVisibility.PublicAt(now));

    static IQueryable<Article> InMonth(ArticlesDb db, DateTime now, DateTime month)
    {
        var end = month.AddMonths(1);
        return Public(db, now).Where(a => a.PublishedAt >= month && a.PublishedAt < end);
    }

    /// Member-initialized, not positional: EF translates `r.UpdatedAt` of a member initializer inside Max and GroupBy.
    sealed class Row
    {
        public Guid Id { get; init; }
        public string Slug { get; init; } = "";
        public DateTime UpdatedAt { get; init; }
    }

    /// Every sitemap with at least one URL, oldest month first, then authors, tags and sources; each with the
    /// newest lastmod of its URLs.
    public static async Task<List<Listed>> IndexAsync(ArticlesDb db, DateTime now, CancellationToken ct)
    {
        var months = await Public(db, now)
            .GroupBy(a => new { a.PublishedAt!.Value.Year, a.PublishedAt.Value.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Count = g.Count(), Last = g.Max(a => a.UpdatedAt) })
            .OrderBy(g => g.Year).ThenBy(g => g.Month)
            .ToListAsync(ct);
        var listed = new List<Listed>();
        foreach (var m in months)
        {
            var month = new DateTime(m.Year, m.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            var articles = InMonth(db, now, month).OrderBy(a => a.PublishedAt).ThenBy(a => a.Id).Select(a => new Row { Id = a.Id, UpdatedAt = a.UpdatedAt });
            await AddPagesAsync(listed, new SitemapFile(SitemapKind.Articles, month, 1), m.Count, m.Last, articles, ct);
        }
        await AddListsAsync(db, now, listed, ct);
        return listed;
    }

    /// The authors, tags and sources sitemaps with at least one URL, after the months.
    static async Task AddListsAsync(ArticlesDb db, DateTime now, List<Listed> listed, CancellationToken ct)
    {
        var due = await ScheduledPublication.DueIdsAsync(db, now, ct);
        foreach (var kind in new[] { SitemapKind.Authors, SitemapKind.Tags, SitemapKind.Sources })
        {
            var rows = Listing(db, kind, due);
            var count = await rows.CountAsync(ct);
            if (count > 0)
                await AddPagesAsync(listed, new SitemapFile(kind, null, 1), count, await rows.MaxAsync(r => r.UpdatedAt, ct), rows, ct);
        }
    }

    /// One entry, or one per 50,000 URLs, each with the lastmod of its own URLs.
    static async Task AddPagesAsync(List<Listed> listed, SitemapFile first, int count, DateTime last, IQueryable<Row> ordered, CancellationToken ct)
    {
        if (count <= SitemapFile.MaxUrls)
        {
            listed.Add(new Listed(first.Name, last));
            return;
        }
        for (var page = 1; (page - 1) * SitemapFile.MaxUrls < count; page++)
        {
            var file = first with { Page = page };
            listed.Add(new Listed(file.Name,
                await ordered.Skip(file.Skip).Take(SitemapFile.MaxUrls).Select(r => r.UpdatedAt).MaxAsync(ct)));
        }
    }

    /// The authors, tags or sources of at least one public article at the request's time: a published one (the stored
    /// count) or a scheduled one come due (`due`), as their own reads count them.
    static IQueryable<Row> Listing(ArticlesDb db, SitemapKind kind, Guid[] due) => kind switch
    {
        SitemapKind.Authors => db.Authors.AsNoTracking()
            .Where(x => x.PublishedArticleCount > 0 || (due.Length > 0 && x.Articles.Any(l => due.Contains(l.ArticleId))))
            .OrderBy(x => x.Id).Select(x => new Row { Id = x.Id, Slug = x.Slug, UpdatedAt = x.UpdatedAt }),
        SitemapKind.Tags => db.Tags.AsNoTracking()
            .Where(x => x.PublishedArticleCount > 0 || (due.Length > 0 && x.Articles.Any(l => due.Contains(l.ArticleId))))
            .OrderBy(x => x.Id).Select(x => new Row { Id = x.Id, Slug = x.Slug, UpdatedAt = x.UpdatedAt }),
        SitemapKind.Sources => db.Sources.AsNoTracking()
            .Where(x => x.PublishedArticleCount > 0 || (due.Length > 0 && x.Citations.Any(l => due.Contains(l.ArticleId))))
            .OrderBy(x => x.Id).Select(x => new Row { Id = x.Id, Slug = x.Slug, UpdatedAt = x.UpdatedAt }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// How a list's resource is linked on the front end (SiteUrls; also the ready-made lists', ReadySitemapLists).
    public static Func<string, string> ListUrl(SiteUrls site, SitemapKind kind) => kind switch
    {
        SitemapKind.Authors => site.Author,
        SitemapKind.Tags => site.Tag,
        SitemapKind.Sources => site.Source,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// The ETag of a file, from a cheap query instead of its bytes (which are streamed, never held): the number and newest
    /// change of the rows its list holds (what time alone changes: a scheduled article coming due), and the last recorded
    /// content change (any write: an article's slug, a tag's name, the site's URL template). Null when the file does not
    /// exist (no URLs, or a page past the last).
    public static async Task<string?> ETagAsync(ArticlesDb db, DateTime now, SitemapFile file, CancellationToken ct)
    {
        var summary = file.Kind == SitemapKind.Articles
            ? await InMonth(db, now, file.Month!.Value).GroupBy(a => 1)
                .Select(g => new { Count = g.Count(), Last = g.Max(a => a.UpdatedAt) }).FirstOrDefaultAsync(ct)
            : await Listing(db, file.Kind, await ScheduledPublication.DueIdsAsync(db, now, ct)).GroupBy(r => 1)
                .Select(g => new { Count = g.Count(), Last = g.Max(r => r.UpdatedAt) }).FirstOrDefaultAsync(ct);
        if (summary is null || file.Skip >= summary.Count)
            return null;
        return ETag(file, summary.Count, summary.Last, await db.ContentChanges.MaxAsync(c => (long?)c.Sequence, ct) ?? 0);
    }

    /// The ETag of a file of `count` URLs in its list, the newest changed at `last`, after the content change `lastChange`
    /// (also the ready-made files', ReadySitemaps).
    public static string ETag(SitemapFile file, int count, DateTime last, long lastChange)
    {
        var key = $"sitemap\n{file.Name}\n{count}\n{last.Ticks}\n{lastChange}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return $"\"sm-{Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
    }

    /// The file's URLs, read in batches while they are written.
    public static async IAsyncEnumerable<SitemapUrl> UrlsAsync(ArticlesDb db, SiteUrls site, DateTime now, SitemapFile file,
        [EnumeratorCancellation] CancellationToken ct)
    {
        if (file.Kind != SitemapKind.Articles)
        {
            var url = ListUrl(site, file.Kind);
            var rows = Listing(db, file.Kind, await ScheduledPublication.DueIdsAsync(db, now, ct)).Skip(file.Skip).Take(SitemapFile.MaxUrls);
            await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
                yield return new SitemapUrl(url(row.Slug), row.UpdatedAt, []);
            yield break;
        }

        // Batches by keyset, each its own command: no reader stays open while a batch's translations are read, and
        // memory holds one batch whatever the file's size.
        var month = InMonth(db, now, file.Month!.Value);
        var left = SitemapFile.MaxUrls;
        ArticleRow? last = null;
        while (left > 0)
        {
            var after = last;
            var page = after is null
                ? month.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id).Skip(file.Skip)
                : month.Where(a => EF.Functions.GreaterThan(ValueTuple.Create(a.PublishedAt!.Value, a.Id), ValueTuple.Create(after.PublishedAt, after.Id)))
                    .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id);
            var batch = await page.Take(Math.Min(Batch, left))
                .Select(a => new ArticleRow(a.Id, a.Slug, a.Language, a.PublishedAt!.Value, a.UpdatedAt, a.TranslationGroupId))
                .ToListAsync(ct);
            foreach (var url in await UrlsOfAsync(db, site, now, batch, ct))
                yield return url;
            if (batch.Count < Math.Min(Batch, left))
                yield break;
            left -= batch.Count;
            last = batch[^1];
        }
    }

    /// The URLs of the public articles among `ids` as the query path writes them at `now`, in the files' order (the
    /// ready-made URLs are rendered with it, and a ready-made file renders with it the rows it finds not ready).
    public static async Task<List<(Guid Id, SitemapUrl Url)>> UrlsOfIdsAsync(ArticlesDb db, SiteUrls site, DateTime now, Guid[] ids,
        CancellationToken ct)
    {
        var rows = await Public(db, now).Where(a => ids.Contains(a.Id)).OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Select(a => new ArticleRow(a.Id, a.Slug, a.Language, a.PublishedAt!.Value, a.UpdatedAt, a.TranslationGroupId))
            .ToListAsync(ct);
        return [.. rows.Zip(await UrlsOfAsync(db, site, now, rows, ct), (r, url) => (r.Id, url))];
    }

    public sealed record ArticleRow(Guid Id, string Slug, string Language, DateTime PublishedAt, DateTime UpdatedAt, Guid? TranslationGroupId);

    static async Task<List<SitemapUrl>> UrlsOfAsync(ArticlesDb db, SiteUrls site, DateTime now, List<ArticleRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
            return [];
        var alternates = await TranslationsAsync(db, site, now, rows, ct);
        return [.. rows.Select(r => new SitemapUrl(site.Article(r.Slug, r.Id, r.Language, r.PublishedAt), r.UpdatedAt, alternates[r.Id].ToList()))];
    }

    /// For each article of the batch with public translations (its translation group, ADR 0031), one alternate per
    /// public version in the group, the article itself included (as Google asks: every version lists every version);
    /// one SQL command per batch. Drafts, scheduled, trashed and taken-down versions are never named.
    static async Task<ILookup<Guid, SitemapAlternate>> TranslationsAsync(ArticlesDb db, SiteUrls site, DateTime now, List<ArticleRow> rows,
        CancellationToken ct)
    {
        var groups = rows.Where(r => r.TranslationGroupId is not null).Select(r => r.TranslationGroupId!.Value).Distinct().ToArray();
        if (groups.Length == 0)
            return rows.Take(0).ToLookup(r => r.Id, r => new SitemapAlternate(r.Language, ""));
        var versions = (await Public(db, now).Where(a => a.TranslationGroupId != null && groups.Contains(a.TranslationGroupId.Value))
                .OrderBy(a => a.Language).ThenBy(a => a.Id)
                .Select(a => new ArticleRow(a.Id, a.Slug, a.Language, a.PublishedAt!.Value, a.UpdatedAt, a.TranslationGroupId))
                .ToListAsync(ct))
            .ToLookup(v => v.TranslationGroupId!.Value);
        return rows
            .Where(r => r.TranslationGroupId is { } g && versions[g].Count() > 1)
            .SelectMany(r => versions[r.TranslationGroupId!.Value].Select(v => (r.Id, v)))
            .ToLookup(x => x.Id, x => new SitemapAlternate(x.v.Language, site.Article(x.v.Slug, x.v.Id, x.v.Language, x.v.PublishedAt)));
    }
}
