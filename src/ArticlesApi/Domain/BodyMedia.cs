using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ArticlesApi.Domain;

/// `![alt](media:{id})` in a body: a responsive `<img>` of a media item, `src` the original, `srcset` its renditions in the
/// original's format (not WebP in a `<picture>`: the body also goes into feeds and e-mail, whose readers often drop
/// `<picture>`; front ends that want WebP have every rendition in the API), `width`/`height` so the page does not shift,
/// `loading="lazy"` and `decoding="async"`. The alt text is the author's, else the media item's.
public static partial class BodyMedia
{
    public const string Scheme = "media:";

    /// The ids of the media items a body's images show, in order of appearance, without repeats.
    public static IReadOnlyList<Guid> ReferencedBy(MarkdownDocument document) =>
        [.. Images(document).Select(i => i.Id).Distinct()];

    static IEnumerable<(LinkInline Link, Guid Id)> Images(MarkdownDocument document) =>
        document.Descendants<LinkInline>()
            .Where(l => l.IsImage && l.Url is { } url && url.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            .Select(l => (l, Guid.TryParse(l.Url.AsSpan(Scheme.Length), out var id) ? id : Guid.Empty))
            .Where(x => x.Item2 != Guid.Empty)
            .ToList();

    public static void Apply(MarkdownDocument document, IReadOnlyDictionary<Guid, MediaImage> media)
    {
        foreach (var (link, id) in Images(document))
        {
            if (!media.TryGetValue(id, out var image))
                continue;
            link.Url = image.Url;
            if (link.FirstChild is null)
                link.AppendChild(new LiteralInline(image.Alt));
            var attributes = link.GetAttributes();
            var srcset = image.InOriginalFormat.Select(r => $"{r.Url} {r.Width}w").ToList();
            if (!image.Renditions.Any(r => r.Width == image.Width))
                srcset.Add($"{image.Url} {image.Width}w");
            attributes.AddPropertyIfNotExist("srcset", string.Join(", ", srcset));
            attributes.AddPropertyIfNotExist("sizes", $"(max-width: {image.Width}px) 100vw, {image.Width}px");
            attributes.AddPropertyIfNotExist("width", image.Width.ToString(CultureInfo.InvariantCulture));
            attributes.AddPropertyIfNotExist("height", image.Height.ToString(CultureInfo.InvariantCulture));
            attributes.AddPropertyIfNotExist("loading", "lazy");
            attributes.AddPropertyIfNotExist("decoding", "async");
        }
    }

    /// The sanitizer's rule for the attributes only these images carry: `srcset` only of files beside `src` (the same
    /// media item's directory), sizes in pixels, and the two loading hints; anything else goes.
    public static void Restrict(IElement img)
    {
        var src = img.GetAttribute("src");
        var directory = src is null ? null : src[..(src.LastIndexOf('/') + 1)];
        if (img.GetAttribute("srcset") is { } srcset && (directory is null || directory.Length == 0 || !srcset.Split(',').All(candidate =>
                SrcsetCandidate().Match(candidate.Trim()) is { Success: true } m && m.Groups[1].Value.StartsWith(directory, StringComparison.Ordinal)
                && !m.Groups[1].Value[directory.Length..].Contains('/'))))
            img.RemoveAttribute("srcset");
        if (img.GetAttribute("sizes") is { } sizes && !Sizes().IsMatch(sizes))
            img.RemoveAttribute("sizes");
        foreach (var dimension in (string[])["width", "height"])
            if (img.GetAttribute(dimension) is { } value && !Pixels().IsMatch(value))
                img.RemoveAttribute(dimension);
        if (img.GetAttribute("loading") is { } loading && loading != "lazy")
            img.RemoveAttribute("loading");
        if (img.GetAttribute("decoding") is { } decoding && decoding != "async")
            img.RemoveAttribute("decoding");
    }

    [GeneratedRegex(@"^((?:https?://|/)[^\s,""'<>]+) [0-9]{1,5}w$")]
    private static partial Regex SrcsetCandidate();

    [GeneratedRegex(@"^\(max-width: [0-9]{1,5}px\) 100vw, [0-9]{1,5}px$")]
    private static partial Regex Sizes();

    [GeneratedRegex(@"^[0-9]{1,5}$")]
    private static partial Regex Pixels();
}
