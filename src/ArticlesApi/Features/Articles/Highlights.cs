using System.Text;

namespace ArticlesApi.Features.Articles;

/// ts_headline marks matches in plain text with two private-use characters; here the text is
/// HTML-escaped and only those become &lt;mark&gt; tags, so nothing from the article can inject
/// markup into a snippet (ts_headline itself escapes nothing).
public static class Highlights
{
    public const char Start = '\uE000';
    public const char Stop = '\uE001';

    public static string ToHtml(string headline)
    {
        var html = new StringBuilder(headline.Length + 32);
        var open = false;
        foreach (var c in headline)
        {
            if (char.IsWhiteSpace(c))
            {
                // Title, subtitle and body are joined by line breaks; a snippet reads as one line.
                if (html.Length > 0 && html[^1] != ' ')
                    html.Append(' ');
                continue;
            }
            switch (c)
            {
                case Start when !open: html.Append("<mark>"); open = true; break;
                case Stop when open: html.Append("</mark>"); open = false; break;
                case Start or Stop: break;
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case '\'': html.Append("&#39;"); break;
                default: html.Append(c); break;
            }
        }
        if (open)
            html.Append("</mark>");
        return html.ToString().Trim();
    }
}
