using System.Text.Json;
using ArticlesApi.Domain;

namespace ArticlesApi.Features.Articles;

/// The feature image. Given by media id, it carries the media item's size, renditions and placeholder (and its alt text,
/// caption and credit unless the article overrides them); given by URL, only what was written.
public sealed class FeatureImageResponse
{
    /// The image (of a media item: its original).
    public required string Url { get; init; }
    public string? Alt { get; init; }
    public string? Caption { get; init; }

    /// Who made the picture, as it should be printed.
    public string? Credit { get; init; }

    /// The media item's id, when the image is one.
    public Guid? Media { get; init; }

    /// Of a media item's original: image/jpeg, image/png, image/webp, image/gif or image/avif.
    public string? ContentType { get; init; }

    /// Of a media item's original, in bytes.
    public long? Bytes { get; init; }

    public int? Width { get; init; }
    public int? Height { get; init; }

    /// Of a media item, narrowest first: WebP, then the original's format, at each width.
    public IReadOnlyList<FeatureImageRendition>? Renditions { get; init; }

    /// Of a media item: a tiny blurred preview (`data:` URI) to show while the image loads.
    public string? Placeholder { get; init; }

    /// From the stored columns (evaluated after the query, in every read's projection).
    public static FeatureImageResponse Of(string url, string? alt, string? caption, string? credit, Guid? media, string? details)
    {
        var d = details is null ? null : JsonSerializer.Deserialize<FeatureImageDetails>(details, JsonSerializerOptions.Web);
        return new FeatureImageResponse
        {
            Url = url, Alt = alt, Caption = caption, Credit = credit, Media = media, ContentType = d?.ContentType, Bytes = d?.Bytes,
            Width = d?.Width, Height = d?.Height, Renditions = d?.Renditions, Placeholder = d?.Placeholder,
        };
    }
}

public sealed class FeatureImageRendition
{
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// `webp`, `jpeg`, `png`, `gif` or `avif`.
    public required string Format { get; init; }

    public required string Url { get; init; }
}

/// What an article keeps of its feature image's media item (FeatureImage.MediaDetails): its files never change.
public sealed class FeatureImageDetails
{
    public required string ContentType { get; init; }
    public long Bytes { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public required List<FeatureImageRendition> Renditions { get; init; }
    public required string Placeholder { get; init; }

    public static string Of(MediaImage m) => JsonSerializer.Serialize(new FeatureImageDetails
    {
        ContentType = m.ContentType, Bytes = m.Bytes, Width = m.Width, Height = m.Height, Placeholder = m.Placeholder,
        Renditions = [.. m.Renditions.Select(r => new FeatureImageRendition { Width = r.Width, Height = r.Height, Format = r.Format, Url = r.Url })],
    }, JsonSerializerOptions.Web);

    public static string? Of(FeatureImageResponse r) => r.Media is null || r.Renditions is null || r.ContentType is null ? null
        : JsonSerializer.Serialize(new FeatureImageDetails
        {
            ContentType = r.ContentType, Bytes = r.Bytes ?? 0, Width = r.Width ?? 0, Height = r.Height ?? 0,
            Placeholder = r.Placeholder ?? "", Renditions = [.. r.Renditions],
        }, JsonSerializerOptions.Web);
}
