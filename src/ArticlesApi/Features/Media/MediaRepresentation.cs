using ArticlesApi.Data;
using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using ArticlesApi.Features.Media.Storage;

namespace ArticlesApi.Features.Media;

/// A media item as staff read it (and as the upload answers it).
public sealed class MediaResponse
{
    public required Guid Id { get; init; }

    /// The original, re-encoded without any metadata (EXIF, GPS, XMP, IPTC, comments), orientation applied, in sRGB.
    public required string Url { get; init; }

    /// image/jpeg, image/png, image/webp, image/gif or image/avif.
    public required string ContentType { get; init; }

    public required int Width { get; init; }
    public required int Height { get; init; }

    /// The stored original's size in bytes.
    public required long Bytes { get; init; }

    /// Alternative text for readers who cannot see the image.
    public required string Alt { get; init; }

    public string? Caption { get; init; }

    /// Who made the picture, as it should be printed (e.g. `Photo: Ana Rossi / Agency`).
    public string? Credit { get; init; }

    /// Under what terms it may be used (e.g. `CC BY 4.0`, `All rights reserved`).
    public string? License { get; init; }

    /// At each of Media:Widths narrower than the original (never upscaled), narrowest first: WebP, then the original's format.
    public required IReadOnlyList<MediaRenditionResponse> Renditions { get; init; }

    /// A tiny blurred preview to show while the image loads: a `data:` URI.
    public required string Placeholder { get; init; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
}

public sealed class MediaRenditionResponse
{
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// `webp`, `jpeg`, `png`, `gif` or `avif`.
    public required string Format { get; init; }

    public required string Url { get; init; }
}

public static class MediaRepresentation
{
    /// The item as stored (times as PostgreSQL keeps them, in microseconds): what a write answers is byte for byte what a
    /// read answers later, ETag included.
    public static async Task<MediaResponse> StoredAsync(ArticlesDb db, Guid id, IMediaStorage storage, CancellationToken ct) =>
        Of(await db.Media.AsNoTracking().SingleAsync(m => m.Id == id, ct), storage);

    public static MediaResponse Of(MediaItem item, IMediaStorage storage) => new()
    {
        Id = item.Id, Url = storage.PublicUrl(item.StorageKey), ContentType = item.ContentType, Width = item.Width, Height = item.Height,
        Bytes = item.Bytes, Alt = item.Alt, Caption = item.Caption, Credit = item.Credit, License = item.License,
        Renditions = item.Renditions.Select(r => new MediaRenditionResponse
        {
            Width = r.Width, Height = r.Height, Format = r.Format, Url = storage.PublicUrl(r.StorageKey),
        }).ToList(),
        Placeholder = item.Placeholder, CreatedAt = item.CreatedAt, UpdatedAt = item.UpdatedAt,
    };
}
