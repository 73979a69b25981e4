namespace ArticlesApi.Domain;

/// A media item as articles show it: public URLs, sizes and what the newsroom says of it.
public sealed record MediaImage(Guid Id, string Url, string ContentType, int Width, int Height, long Bytes, string Alt,
    string? Caption, string? Credit, IReadOnlyList<MediaImageRendition> Renditions, string Placeholder)
{
    /// The renditions in the original's format, narrowest first: the `srcset` of an image in a body.
    public IEnumerable<MediaImageRendition> InOriginalFormat =>
        Renditions.Where(r => ContentType.EndsWith("/" + r.Format, StringComparison.Ordinal)).OrderBy(r => r.Width);
}

public sealed record MediaImageRendition(int Width, int Height, string Format, string Url);
