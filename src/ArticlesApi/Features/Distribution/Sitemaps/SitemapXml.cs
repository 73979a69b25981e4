using System.Xml;
using ArticlesApi.Infrastructure.Http;

namespace ArticlesApi.Features.Distribution.Sitemaps;

public sealed record SitemapAlternate(string Language, string Url);

public sealed record SitemapUrl(string Loc, DateTime LastMod, IReadOnlyList<SitemapAlternate> Alternates);

public static class SitemapXml
{
    public const string Type = "application/xml";
    public const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";
    public const string News = "http://www.google.com/schemas/sitemap-news/0.9";

    public static void WriteUrl(XmlWriter w, SitemapUrl url)
    {
        w.WriteStartElement("url", Ns);
        w.Element("loc", url.Loc);
        w.Element("lastmod", XmlText.W3c(url.LastMod));
        foreach (var alternate in url.Alternates)
        {
            w.WriteStartElement("xhtml", "link", Xhtml);
            w.WriteAttributeString("rel", "alternate");
            w.WriteAttributeString("hreflang", alternate.Language);
            w.WriteAttributeString("href", alternate.Url);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }
}

/// A `urlset` written while its rows are read (StreamedRepresentation): the XML goes into a small pooled buffer that
/// is sent every 64 KB, so memory stays bounded whatever the number of URLs (at most 50,000 by SitemapFile).
public sealed class StreamedUrlSet(string etag, Func<CancellationToken, IAsyncEnumerable<SitemapUrl>> urls, string key)
    : StreamedRepresentation, ISurrogateKeyed
{
    /// The list key of what it lists (`articles`, `authors`, `tags`, `sources`; ADR 0030): any change to one purges it.
    public IEnumerable<string> SurrogateKeys() => [key];

    const int ChunkBytes = 64 * 1024;

    public override string MediaType => SitemapXml.Type;
    public override string ETag => etag;

    public override async Task WriteToAsync(Stream output, CancellationToken ct)
    {
        using var buffer = ResponseBuffer.Rent();
        using (var w = XmlWriter.Create(buffer, XmlText.Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("urlset", SitemapXml.Ns);
            w.WriteAttributeString("xmlns", "xhtml", null, SitemapXml.Xhtml);
            await foreach (var url in urls(ct).WithCancellation(ct))
            {
                SitemapXml.WriteUrl(w, url);
                w.Flush();
                if (buffer.Length >= ChunkBytes)
                    await SendAsync(buffer, output, ct);
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        await SendAsync(buffer, output, ct);
    }

    static async Task SendAsync(MemoryStream buffer, Stream output, CancellationToken ct)
    {
        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        buffer.SetLength(0);
    }
}

/// A small sitemap document written whole (the index, the news sitemap: bounded by the number of months and
/// by 1,000 URLs), so it is a representation like any other: ETag from its bytes, response cache, 304.
public sealed class WrittenSitemap(Action<XmlWriter> write, params string[] keys) : WrittenRepresentation, ISurrogateKeyed
{
    /// The list keys of what it lists (ADR 0030).
    public IEnumerable<string> SurrogateKeys() => keys;

    public override string MediaType => SitemapXml.Type;

    public override void WriteTo(Stream output)
    {
        using var w = XmlWriter.Create(output, XmlText.Settings);
        w.WriteStartDocument();
        write(w);
        w.WriteEndDocument();
    }
}
