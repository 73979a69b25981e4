using System.Globalization;
using System.Xml;
using ArticlesApi.Infrastructure.Http;

namespace ArticlesApi.Features.Distribution.Feeds;

/// RSS 2.0 (https://www.rssboard.org/rss-specification) with the content (`content:encoded`, the full HTML),
/// Dublin Core (`dc:creator`: RSS's own `author` must be an e-mail address, which is private here), Atom
/// (`atom:link rel=self`) and Media RSS (`media:content`, the feature image) modules.
public sealed class RssFeed(Feed feed) : WrittenRepresentation, ISurrogateKeyed
{
    public IEnumerable<string> SurrogateKeys() => feed.Keys;

    public const string Type = "application/rss+xml";
    const string Content = "http://purl.org/rss/1.0/modules/content/";
    const string Dc = "http://purl.org/dc/elements/1.1/";
    const string Atom = "http://www.w3.org/2005/Atom";
    const string Media = "http://search.yahoo.com/mrss/";

    public override string MediaType => Type;

    public override void WriteTo(Stream output)
    {
        using var w = XmlWriter.Create(output, XmlText.Settings);
        w.WriteStartDocument();
        w.WriteStartElement("rss");
        w.WriteAttributeString("version", "2.0");
        w.WriteAttributeString("xmlns", "content", null, Content);
        w.WriteAttributeString("xmlns", "dc", null, Dc);
        w.WriteAttributeString("xmlns", "atom", null, Atom);
        w.WriteAttributeString("xmlns", "media", null, Media);
        w.WriteStartElement("channel");
        w.Element("title", feed.Title);
        w.Element("link", feed.HomeUrl);
        w.Element("description", feed.Description ?? feed.Title);
        w.Element("language", feed.Language);
        w.Element("lastBuildDate", Rfc822(feed.Updated));
        w.Element("generator", "ArticlesApi");
        if (feed.SelfUrl is { } self)
        {
            w.WriteStartElement("atom", "link", Atom);
            w.WriteAttributeString("href", self);
            w.WriteAttributeString("rel", "self");
            w.WriteAttributeString("type", Type);
            w.WriteEndElement();
        }
        if (feed.LogoUrl is { } logo)
        {
            w.WriteStartElement("image");
            w.Element("url", logo);
            w.Element("title", feed.Title);
            w.Element("link", feed.HomeUrl);
            w.WriteEndElement();
        }
        foreach (var item in feed.Items)
            WriteItem(w, item);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    static void WriteItem(XmlWriter w, FeedItem item)
    {
        w.WriteStartElement("item");
        w.Element("title", item.Title);
        w.Element("link", item.Url);
        w.WriteStartElement("guid");
        w.WriteAttributeString("isPermaLink", "false");
        w.WriteString(item.StableId);
        w.WriteEndElement();
        w.Element("pubDate", Rfc822(item.Published));
        foreach (var author in item.Authors)
            w.Element("dc", "creator", Dc, author.Name);
        foreach (var category in item.Categories)
        {
            w.WriteStartElement("category");
            w.WriteAttributeString("domain", category.Url);
            w.WriteString(XmlText.Clean(category.Name));
            w.WriteEndElement();
        }
        w.Element("description", item.Excerpt);
        w.Element("content", "encoded", Content, FeedHtml.Of(item));
        if (item.Image is { } image)
        {
            w.WriteStartElement("media", "content", Media);
            w.WriteAttributeString("url", image.Url);
            if (image.MediaType is { } type)
                w.WriteAttributeString("type", type);
            if (image.Length is { } length)
                w.WriteAttributeString("fileSize", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("medium", "image");
            if (image.Width is { } width && image.Height is { } height)
            {
                w.WriteAttributeString("width", width.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteAttributeString("height", height.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            if (image.Alt is { Length: > 0 } alt)
            {
                w.WriteStartElement("media", "description", Media);
                w.WriteAttributeString("type", "plain");
                w.WriteString(XmlText.Clean(alt));
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    /// RFC 822 dates as RSS writes them, in GMT: `Sat, 05 Dec 2026 01:43:36 GMT`.
    static string Rfc822(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("R", CultureInfo.InvariantCulture);
}
