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
            $"<li data-kind=\"{c.Kind}\"><time datetime=\"{XmlText.W3c(c.At)}\">{XmlText.W3c(c.At)}</time> " +
            $"<strong>{WebUtility.HtmlEncode(Label(c.Kind))}</strong>{c.Html}</li>"));
        return $"{item.Html}\n<section class=\"corrections\"><ul>{corrections}</ul></section>";
    }

    /// `correction` → `Correction`: the note's heading (the note itself is sanitized HTML, as article bodies are).
    static string Label(string kind) => char.ToUpperInvariant(kind[0]) + kind[1..];
}
