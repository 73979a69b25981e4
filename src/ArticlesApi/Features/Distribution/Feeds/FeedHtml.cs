using System.Net;

namespace ArticlesApi.Features.Distribution.Feeds;

/// The HTML an item carries: the article's sanitized body, then its corrections, if any, in a section of their own.
public static class FeedHtml
{
    public static string Of(FeedItem item)
    {
        if (item.Corrections.Count == 0)
            return item.Html;
        var corrections = string.Concat(item.Corrections.Select(c =>
            $"<li><time datetime=\"{XmlText.W3c(c.At)}\">{XmlText.W3c(c.At)}</time> {WebUtility.HtmlEncode(c.Text)}</li>"));
        return $"{item.Html}\n<section class=\"corrections\"><ul>{corrections}</ul></section>";
    }
}
