using System.Text.Json;
using ArticlesApi.Infrastructure.Http;

namespace ArticlesApi.Features.Articles;

/// The ETags of the current version of an article in every representation GET gives: the full one, and one per
/// `formats` combination (the body narrowed to markdown, html, text or two of them; 7 in all). Each is a
/// different representation with its own strong ETag (RFC 9110, 8.8.3: caches revalidate each URL with its own),
/// yet each names the same version, so If-Match accepts any of them: an editor that reads `?formats=markdown`
/// may write with that ETag.
public static class ArticleETags
{
    /// The full representation first; the narrowed ones only when asked for (a lazy sequence). Each is the full
    /// representation's bytes with the body object replaced by the narrowed one, which is what GET with `formats`
    /// serializes: the body is the first object member, and its bytes cannot occur earlier (a `"` inside a JSON
    /// string is always escaped).
    public static IEnumerable<string> OfEveryFormats(ArticleResponse current)
    {
        var full = JsonSerializer.SerializeToUtf8Bytes(current, Representations.Options);
        yield return ETags.Of(full);
        var body = JsonSerializer.SerializeToUtf8Bytes(current.Body, Representations.Options);
        var at = full.AsSpan().IndexOf(body);
        if (at < 0)
            yield break;
        for (var formats = (BodyFormats)1; formats < BodyFormats.All; formats++)
        {
            var narrowed = JsonSerializer.SerializeToUtf8Bytes(new ArticleBodyResponse
            {
                Markdown = formats.HasFlag(BodyFormats.Markdown) ? current.Body.Markdown : null,
                Html = formats.HasFlag(BodyFormats.Html) ? current.Body.Html : null,
                Text = formats.HasFlag(BodyFormats.Text) ? current.Body.Text : null,
            }, Representations.Options);
            yield return ETags.Of([.. full.AsSpan(0, at), .. narrowed, .. full.AsSpan(at + body.Length)]);
        }
    }
}
