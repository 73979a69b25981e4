using System.Text.Json;
using ArticlesApi.Features.Distribution.Feeds;
using ArticlesApi.Features.Distribution.Sitemaps;
using ArticlesApi.Infrastructure.Http;

namespace ArticlesApi.Features.Distribution.Ready;

/// What a ready-made feed or news sitemap is made of: one stored fragment per article and format (feed_items_ready).
public enum ReadyFormat { Rss, Atom, Json, News }

/// The fragments and their envelopes, cut out of documents the query path's own writers write (RssFeed, AtomFeed,
/// JsonFeed, NewsSitemap): an item is written inside a document with a placeholder envelope and cut out between its
/// start and end tags; an envelope is written around a placeholder item and cut where the placeholder stands. The
/// writers never indent and declare every namespace on the root, so an item's bytes do not depend on what surrounds it.
public static class FeedFragments
{
    const string Nowhere = "https://readymade.invalid/";

    /// A placeholder item: its fragment is found in the envelope written around it.
    static readonly FeedItem Placeholder = new(Guid.Empty, "placeholder", Nowhere, "en", "", "", DateTime.UnixEpoch, DateTime.UnixEpoch,
        [], [], null, []);

    static readonly Feed Around = new("placeholder", null, "en", Nowhere, Nowhere, null, null, DateTime.UnixEpoch, []);

    static readonly Dictionary<ReadyFormat, byte[]> PlaceholderFragments =
        Enum.GetValues<ReadyFormat>().ToDictionary(f => f, f => Of(f, Placeholder, "placeholder"));

    /// The news sitemap's envelope depends on nothing: written once.
    public static readonly (byte[] Before, byte[] After) NewsEnvelope = Split(Write(NewsDocument(Placeholder, "placeholder")), PlaceholderFragments[ReadyFormat.News]);

    /// The item's fragment in `format`, byte for byte what the query path writes for it inside its document.
    public static byte[] Of(ReadyFormat format, FeedItem item, string publication) => format switch
    {
        ReadyFormat.Rss => Between(Write(new RssFeed(Around with { Items = [item] })), "<item>"u8, "</item>"u8),
        ReadyFormat.Atom => Between(Write(new AtomFeed(Around with { Items = [item] })), "<entry "u8, "</entry>"u8),
        ReadyFormat.Json => JsonSerializer.SerializeToUtf8Bytes(JsonFeed.From(Around with { Items = [item] }).Items[0], Representations.Options),
        _ => Between(Write(NewsDocument(item, publication)), "<url>"u8, "</url>"u8),
    };

    static WrittenSitemap NewsDocument(FeedItem item, string publication) =>
        NewsSitemap.Document(w => NewsSitemap.WriteUrl(w, item.Url, publication, item.Language, item.Published, item.Title));

    /// The bytes before and after the items of `feed` (whose items are ignored) in `format`.
    public static (byte[] Before, byte[] After) Envelope(ReadyFormat format, Feed feed)
    {
        var around = feed with { Items = [Placeholder] };
        return format switch
        {
            ReadyFormat.Rss => Split(Write(new RssFeed(around)), PlaceholderFragments[format]),
            ReadyFormat.Atom => Split(Write(new AtomFeed(around)), PlaceholderFragments[format]),
            ReadyFormat.Json => Split(JsonSerializer.SerializeToUtf8Bytes(JsonFeed.From(around), Representations.Options), PlaceholderFragments[format]),
            _ => throw new ArgumentOutOfRangeException(nameof(format), "The news sitemap's envelope is NewsEnvelope."),
        };
    }

    static byte[] Write(WrittenRepresentation representation)
    {
        using var buffer = new MemoryStream();
        representation.WriteTo(buffer);
        return buffer.ToArray();
    }

    static byte[] Between(byte[] document, ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        var from = document.AsSpan().IndexOf(start);
        var to = document.AsSpan().LastIndexOf(end);
        if (from < 0 || to < from)
            throw new InvalidOperationException("The feed writer no longer writes its items as the ready-made feeds cut them.");
        return document[from..(to + end.Length)];
    }

    static (byte[] Before, byte[] After) Split(byte[] document, byte[] placeholder)
    {
        var at = document.AsSpan().IndexOf(placeholder);
        if (at < 0)
            throw new InvalidOperationException("The feed writer no longer writes its envelope as the ready-made feeds splice it.");
        return (document[..at], document[(at + placeholder.Length)..]);
    }
}
