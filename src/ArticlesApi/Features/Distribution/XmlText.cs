using System.Globalization;
using System.Text;
using System.Xml;

namespace ArticlesApi.Features.Distribution;

/// What the XML formats (RSS, Atom, sitemaps) share: one writer configuration and text that XML 1.0 can carry.
public static class XmlText
{
    public static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        // Every text goes through Clean first; the writer still escapes &, < and > itself.
        CheckCharacters = true,
    };

    /// The text without the characters XML 1.0 cannot hold (C0 controls other than tab and line breaks, lone
    /// surrogates, U+FFFE/U+FFFF): stored text may have them (only NUL is refused on input), and XmlWriter would throw.
    public static string Clean(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
            if (!IsXmlChar(text, i, out var pair))
            {
                firstBad = i;
                break;
            }
            else if (pair)
                i++;
        if (firstBad < 0)
            return text;
        var clean = new StringBuilder(text.Length);
        clean.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (!IsXmlChar(text, i, out var pair))
                continue;
            clean.Append(text[i]);
            if (pair)
                clean.Append(text[++i]);
        }
        return clean.ToString();
    }

    static bool IsXmlChar(string text, int i, out bool pair)
    {
        pair = false;
        var c = text[i];
        if (char.IsHighSurrogate(c))
            return pair = i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        return XmlConvert.IsXmlChar(c);
    }

    /// W3C date-time (RFC 3339) in UTC, as sitemaps and Atom write it, exact to the microsecond the database keeps:
    /// `2026-11-12T09:30:00Z`, `2026-11-12T09:30:00.123456Z` (no fraction when it is zero).
    public static string W3c(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static void Element(this XmlWriter writer, string name, string value) => writer.WriteElementString(name, Clean(value));

    public static void Element(this XmlWriter writer, string prefix, string name, string ns, string value) =>
        writer.WriteElementString(prefix, name, ns, Clean(value));
}
