using System.Text;

namespace ArticlesApi.Features.Articles;

/// ts_headline marks matches in plain text with two private-use characters; here the text is
/// HTML-escaped and only those become &lt;mark&gt; tags, so nothing from the article can inject
/// markup into a snippet (ts_headline itself escapes nothing). The SQL (articles_search_highlight)
/// removes these characters from the article's text first, joins title, subtitle and body passage
/// with <see cref="Field"/>, and sends `&lt;` as <see cref="Less"/> (ts_headline's parser drops what
/// it takes for a tag).
public static class Highlights
{
    public const char Start = '\uE000';
    public const char Stop = '\uE001';
    public const char Field = '\uE002';
    public const char Less = '\uE003';

    /// What a snippet shows between the title and the subtitle or the body passage when a fragment spans them.
    public const string FieldSeparator = " — ";

    public static string ToHtml(string headline)
    {
        var html = new StringBuilder(headline.Length + 32);
        var open = false;
        var field = false;
        foreach (var c in headline)
        {
            if (char.IsWhiteSpace(c))
            {
                // Line breaks inside a field read as one line.
                if (html.Length > 0 && html[^1] != ' ')
                    html.Append(' ');
                continue;
            }
            if (c == Field)
            {
                // Shown only between two fields' text: never at an end, once for an empty subtitle.
                field = html.Length > 0;
                continue;
            }
            if (field && c != Stop)
            {
                while (html.Length > 0 && html[^1] == ' ')
                    html.Length--;
                html.Append(FieldSeparator);
                field = false;
            }
            switch (c)
            {
                case Start when !open: html.Append("<mark>"); open = true; break;
                case Stop when open: html.Append("</mark>"); open = false; break;
                case Start or Stop: break;
                case Less or '<': html.Append("&lt;"); break;
                case '&': html.Append("&amp;"); break;
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
