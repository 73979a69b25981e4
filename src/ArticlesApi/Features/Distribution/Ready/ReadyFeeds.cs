using ArticlesApi.Data;
using ArticlesApi.Features.Distribution.Feeds;
using ArticlesApi.Features.Distribution.Sitemaps;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Features.Distribution.Ready;

/// The unfiltered feeds (RSS, Atom, JSON Feed) and the news sitemap from the ready-made items: one statement on the
/// index (published_at DESC, article_id DESC) of feed_items_ready, the stored fragments copied between the envelope
/// written at read time by the format's own writer (its `updated`/`lastBuildDate`: the newest stored updated_at). Same
/// bytes, ETag and surrogate keys as the query path (FeedBuilder, NewsSitemap), which answers when this does not: a
/// filtered feed, ReadyMade:Feeds false, an item still to render or rendered with another site's settings, no item at
/// all. ReadyFeedTests compare the two.
public static class ReadyFeeds
{
    internal sealed record Item(DateTime UpdatedAt, byte[] Fragment);

    /// Whether the ready-made items answer this feed request: no filter.
    public static bool Serves(FeedRequest r) => r.Tag is null && r.Author is null && r.Language is null;

    /// The unfiltered feed in `format`; null when the query path must answer.
    public static async Task<WrittenRepresentation?> FeedAsync(ArticlesDb db, SiteLinks links, PublicUrls publicUrls, HttpRequest request,
        DateTime now, FeedRequest r, ReadyFormat format, CancellationToken ct)
    {
        var site = await links.CurrentAsync(db, ct);
        if (await ReadAsync(db, format, site, now, null, r.Items(), ct) is not { Count: > 0 } items)
            return null;
        var feed = FeedBuilder.Envelope(site, publicUrls, request, r, site.Site.Name, site.Site.Url.TrimEnd('/'), [], items.Max(i => i.UpdatedAt));
        var (before, after) = FeedFragments.Envelope(format, feed);
        return new ReadyDocument(format, before, items, after, feed.Keys);
    }

    /// The news sitemap; null when the query path must answer (it also answers 404 when nothing is in the window).
    public static async Task<WrittenRepresentation?> NewsAsync(ArticlesDb db, SiteLinks links, DateTime now, CancellationToken ct)
    {
        var site = await links.CurrentAsync(db, ct);
        if (await ReadAsync(db, ReadyFormat.News, site, now, now - NewsSitemap.Window, NewsSitemap.MaxUrls, ct) is not { Count: > 0 } items)
            return null;
        var (before, after) = FeedFragments.NewsEnvelope;
        return new ReadyDocument(ReadyFormat.News, before, items, after, ["articles"]);
    }

    static readonly Dictionary<(ReadyFormat, bool), string> Statements = Enum.GetValues<ReadyFormat>()
        .SelectMany(f => new[] { false, true }.Select(since => (f, since)))
        .ToDictionary(k => k, k => $"""
            SELECT updated_at, site_updated_at, {ReadyFeedItems.Column(k.f)},
                {(k.since ? "$3" : "published_at")} >= (SELECT horizon FROM feed_items_ready_progress),
                (SELECT horizon FROM feed_items_ready_progress) = '-infinity'
            FROM feed_items_ready
            WHERE published_at <= $1{(k.since ? " AND published_at >= $3" : "")}
            ORDER BY published_at DESC, article_id DESC LIMIT $2
            """);

    /// The newest `limit` public items (since `since`); null when one is still to be rendered or was rendered with other
    /// site settings, or when they may not be complete: only articles at or after the horizon are sure to have a row, so
    /// the items are complete when the horizon has never moved, or when `since` is at or after it, or when they are
    /// `limit` items the oldest of which is at or after it (every public article newer than that one has a row). The
    /// horizon is read in the same statement (one snapshot) as the rows (ADR 0045, readyhorizon).
    static async Task<List<Item>?> ReadAsync(ArticlesDb db, ReadyFormat format, SiteUrls site, DateTime now, DateTime? since, int limit,
        CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(Statements[(format, since is not null)], (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            if (since is { } from)
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = from });
            var items = new List<Item>(limit);
            bool covered = false, unbounded = false;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (await reader.IsDBNullAsync(2, ct) || await reader.IsDBNullAsync(1, ct) || reader.GetDateTime(1) != site.Site.UpdatedAt)
                    return null;
                items.Add(new Item(reader.GetDateTime(0), reader.GetFieldValue<byte[]>(2)));
                (covered, unbounded) = (reader.GetBoolean(3), reader.GetBoolean(4));
            }
            return unbounded || covered && (since is not null || items.Count == limit) ? items : null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// A feed or news sitemap of ready-made fragments, written by Representations as any answer (ETag, 304, cache, coding).
    sealed class ReadyDocument(ReadyFormat format, byte[] before, List<Item> items, byte[] after, IReadOnlyList<string> keys)
        : WrittenRepresentation, ISurrogateKeyed
    {
        public override string MediaType => format switch
        {
            ReadyFormat.Rss => RssFeed.Type,
            ReadyFormat.Atom => AtomFeed.Type,
            ReadyFormat.Json => JsonFeed.Type,
            _ => SitemapXml.Type,
        };

        public IEnumerable<string> SurrogateKeys() => keys;

        public override void WriteTo(Stream output)
        {
            output.Write(before);
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0 && format == ReadyFormat.Json)
                    output.WriteByte((byte)',');
                output.Write(items[i].Fragment);
            }
            output.Write(after);
        }
    }
}
