using System.Xml;
using ArticlesApi.Infrastructure.Http;

namespace ArticlesApi.Features.Distribution.Feeds;

/// Atom 1.0 (RFC 4287): entries with their authors, categories, summary, the full HTML as `content type="html"`
/// and the feature image as `link rel="enclosure"`.
public sealed class AtomFeed(Feed feed) : WrittenRepresentation, ISurrogateKeyed
{
    public IEnumerable<string> SurrogateKeys() => feed.Keys;

    public const string Type = "application/atom+xml";
    const string Atom = "http://www.w3.org/2005/Atom";

    public override string MediaType => Type;

    public override void WriteTo(Stream output)
    {
        using var w = XmlWriter.Create(output, XmlText.Settings);
        w.WriteStartDocument();
        w.WriteStartElement("feed", Atom);
        w.WriteAttributeString("xml", "lang", null, feed.Language);
        w.Element("id", feed.Id);
        Text(w, "title", feed.Title);
        if (feed.Description is { Length: > 0 } description)
            Text(w, "subtitle", description);
        w.Element("updated", XmlText.W3c(feed.Updated));
        Link(w, "alternate", feed.HomeUrl, "text/html");
        if (feed.SelfUrl is { } self)
            Link(w, "self", self, Type);
        if (feed.LogoUrl is { } logo)
            w.Element("logo", logo);
        w.Element("generator", "ArticlesApi");
        foreach (var item in feed.Items)
            WriteEntry(w, item);
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    static void WriteEntry(XmlWriter w, FeedItem item)
    {
        w.WriteStartElement("entry");
        w.WriteAttributeString("xml", "lang", null, item.Language);
        w.Element("id", item.StableId);
        Text(w, "title", item.Title);
        Link(w, "alternate", item.Url, "text/html");
        w.Element("published", XmlText.W3c(item.Published));
        w.Element("updated", XmlText.W3c(item.Updated));
        foreach (var author in item.Authors)
        {
            w.WriteStartElement("author");
            w.Element("name", author.Name);
            w.Element("uri", author.Url);
            w.WriteEndElement();
        }
        foreach (var category in item.Categories)
        {
            w.WriteStartElement("category");
            w.WriteAttributeString("term", category.Slug);
            w.WriteAttributeString("label", XmlText.Clean(category.Name));
            w.WriteAttributeString("scheme", category.Url[..(category.Url.LastIndexOf('/') + 1)]);
            w.WriteEndElement();
        }
        Text(w, "summary", item.Excerpt);
        w.WriteStartElement("content");
        w.WriteAttributeString("type", "html");
        w.WriteString(XmlText.Clean(FeedHtml.Of(item)));
        w.WriteEndElement();
        if (item.Image is { } image)
        {
            w.WriteStartElement("link");
            w.WriteAttributeString("rel", "enclosure");
            w.WriteAttributeString("href", image.Url);
            if (image.MediaType is { } type)
                w.WriteAttributeString("type", type);
            if (image.Length is { } length)
                w.WriteAttributeString("length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (image.Alt is { Length: > 0 } alt)
                w.WriteAttributeString("title", XmlText.Clean(alt));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    static void Text(XmlWriter w, string name, string text)
    {
        w.WriteStartElement(name);
        w.WriteAttributeString("type", "text");
        w.WriteString(XmlText.Clean(text));
        w.WriteEndElement();
    }

    static void Link(XmlWriter w, string rel, string href, string type)
    {
        w.WriteStartElement("link");
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }
}
