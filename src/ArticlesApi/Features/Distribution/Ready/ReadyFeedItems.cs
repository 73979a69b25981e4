using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Distribution.Feeds;
using ArticlesApi.Features.SiteSettings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ArticlesApi.Features.Distribution.Ready;

/// The ready-made feed items (table feed_items_ready): for each published or scheduled article out of the trash, its
/// RSS `item`, Atom `entry`, JSON Feed item and Google News `url`, as the bytes the query path writes for it
/// (FeedArticles.ItemsAsync, the formats' own writers, FeedFragments), with its updated_at (the feeds' own `updated`)
/// and the site's updated_at it was rendered with (a read that finds another site serves the query path).
/// Kept as the front page's summaries are (docs/decisions/0045, readyfeed section), only for scheduled articles and those
/// published at or after the horizon (readyhorizon).
public static class ReadyFeedItems
{
    /// false: the feeds and the news sitemap are always read by their query path (the items are still kept).
    public const string EnabledSetting = "ReadyMade:Feeds";

    /// K: the horizon (feed_items_ready_progress.horizon) follows the K-th newest public article; older articles have
    /// no row (a feed or news sitemap reaching past it is answered by the query path). At least the largest feed
    /// `limit` (100) and the news sitemap's 48 hours of a normal newsroom; smaller values stay correct, only slower.
    public const string HorizonSetting = "ReadyMade:FeedHorizon";

    public const int DefaultHorizon = 1_000;

    /// Column of each format.
    internal static string Column(ReadyFormat format) => format switch
    {
        ReadyFormat.Rss => "rss",
        ReadyFormat.Atom => "atom",
        ReadyFormat.Json => "json",
        _ => "news",
    };

    /// Refreshes the items of the changes about to commit in this transaction (ContentChangeRecorder): every article
    /// changed, and the articles of an author or tag changed when they are few (ReadyMade:InlineFanOut); the site's
    /// changes are left to the background (the feeds are read by their query path until then).
    public static async Task RefreshForAsync(ArticlesDb db, IReadOnlyList<ContentChange> changes, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        List<Guid> authors = [], tags = [];
        foreach (var change in changes)
        {
            if (change.Resource == ContentResource.Article)
                ids.Add(change.ResourceId);
            else if (change.Kind is ChangeKind.Updated or ChangeKind.Deleted && change.Resource is ContentResource.Author)
                authors.Add(change.ResourceId);
            else if (change.Kind is ChangeKind.Updated or ChangeKind.Deleted && change.Resource is ContentResource.Tag)
                tags.Add(change.ResourceId);
        }
        if (authors.Count + tags.Count > 0)
        {
            var inline = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
                ?.GetService<IConfiguration>()?.GetValue(Articles.Ready.ReadySummaries.InlineFanOutSetting, Articles.Ready.ReadySummaries.DefaultInlineFanOut)
                ?? Articles.Ready.ReadySummaries.DefaultInlineFanOut;
            var showing = await ShowingAsync(db, authors, tags, inline + 1, ct);
            if (showing.Count <= inline)
                ids.UnionWith(showing);
        }
        if (ids.Count > 0)
            await RefreshAsync(db, [.. ids], ct);
    }

    /// The articles with a ready item that show one of these authors or tags, at most `limit`.
    internal static async Task<List<Guid>> ShowingAsync(ArticlesDb db, List<Guid> authors, List<Guid> tags, int limit, CancellationToken ct)
    {
        await using var command = Command(db, """
            SELECT article_id FROM feed_items_ready WHERE article_id IN
                (SELECT article_id FROM article_authors WHERE author_id = ANY($1) UNION SELECT article_id FROM article_tags WHERE tag_id = ANY($2))
            LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. authors] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. tags] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAsync<Guid>(command, ct);
    }

    /// Renders the items of `ids` as this transaction sees them, in its transaction, after locking their rows (of two
    /// transactions, the later renders after the earlier committed). Articles without a row are skipped; an article no
    /// longer published or scheduled loses its row. Returns how many rows changed.
    public static async Task<int> RefreshAsync(ArticlesDb db, Guid[] ids, CancellationToken ct)
    {
        Array.Sort(ids);
        // Only the articles that have a row are rendered: the trigger decides which (scheduled, or published at or after
        // the horizon); an older article's edit renders nothing.
        await using (var lockRows = Command(db, "SELECT article_id FROM feed_items_ready WHERE article_id = ANY($1) ORDER BY article_id FOR UPDATE"))
        {
            lockRows.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            ids = [.. await ReadAsync<Guid>(lockRows, ct)];
        }
        if (ids.Length == 0)
            return 0;
        // The site as this transaction sees it (a change of its URLs in it included), not the cached one.
        var site = new SiteUrls(await db.Sites.AsNoTracking().SingleAsync(ct), 0);
        var items = await FeedArticles.ItemsAsync(db, site, db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id) && a.DeletedAt == null
            && a.PublishedAt != null && (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled)), ct);
        var publication = site.Site.NewsPublicationName ?? site.Site.Name;
        var kept = items.Select(i => i.Id).ToArray();
        int changed;
        await using (var drop = Command(db, "DELETE FROM feed_items_ready WHERE article_id = ANY($1) AND NOT article_id = ANY($2)"))
        {
            drop.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            drop.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = kept });
            changed = await drop.ExecuteNonQueryAsync(ct);
        }
        if (items.Count == 0)
            return changed;
        await using var write = Command(db, """
            INSERT INTO feed_items_ready (article_id, published_at, updated_at, site_updated_at, rss, atom, json, news)
            SELECT id, published_at, updated_at, $4, rss, atom, json, news
            FROM unnest($1, $2, $3, $5, $6, $7, $8) AS r (id, published_at, updated_at, rss, atom, json, news)
            ON CONFLICT (article_id) DO UPDATE SET published_at = excluded.published_at, updated_at = excluded.updated_at,
                site_updated_at = excluded.site_updated_at, rss = excluded.rss, atom = excluded.atom, json = excluded.json, news = excluded.news
            WHERE (feed_items_ready.published_at, feed_items_ready.updated_at, feed_items_ready.site_updated_at, feed_items_ready.rss,
                   feed_items_ready.atom, feed_items_ready.json, feed_items_ready.news)
                IS DISTINCT FROM (excluded.published_at, excluded.updated_at, excluded.site_updated_at, excluded.rss, excluded.atom,
                   excluded.json, excluded.news)
            """);
        write.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = kept });
        write.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. items.Select(i => i.Published)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        write.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. items.Select(i => i.Updated)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        write.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = site.Site.UpdatedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        foreach (var format in Enum.GetValues<ReadyFormat>())
            write.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. items.Select(i => FeedFragments.Of(format, i, publication))] });
        return changed + await write.ExecuteNonQueryAsync(ct);
    }

    /// With the context's command timeout (the worker's 5 minutes: a first check over 1M articles outlasts a request's 5 s).
    internal static NpgsqlCommand Command(ArticlesDb db, string sql) => Articles.Ready.ReadySummaries.Command(db, sql);

    internal static async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, CancellationToken ct)
    {
        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            values.Add(reader.GetFieldValue<T>(0));
        return values;
    }
}
