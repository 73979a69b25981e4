namespace ArticlesApi.Features.Media.Processing;

/// Turns an uploaded file into the files the API stores: the original re-encoded without any metadata, and its
/// renditions. Implemented once (the library chosen in the media ADR); the upload endpoint only sees this.
public interface IImageProcessor
{
    /// The image's type and declared size, read from its header without decoding the pixels.
    /// Throws ImageRejectedException (UnsupportedType for anything not JPEG/PNG/WebP/GIF/AVIF decided from the bytes, and
    /// for polyglots; Corrupt when the header cannot be read or the file is truncated; TooManyPixels when the header
    /// declares more than Media:MaxPixels — so a decompression bomb never reaches ProcessAsync).
    ImageProbe Probe(string path);

    /// Decodes the file at `path` (already probed and within the limits), applies its orientation, converts it to sRGB,
    /// drops every metadata block, and writes into `outputDirectory` the original (same format, full size) and one
    /// rendition per width below the original's, in WebP and in the original's format, plus a placeholder.
    /// Throws ImageRejectedException (Corrupt for a truncated or undecodable image).
    Task<ProcessedImage> ProcessAsync(string path, ImageProbe probe, IReadOnlyList<int> widths, string outputDirectory, CancellationToken ct);
}

public enum ImageFormat { Jpeg, Png, WebP, Gif, Avif }

public sealed record ImageProbe(ImageFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}

/// One written file: FileName is relative to the output directory.
public sealed record ProcessedFile(string FileName, ImageFormat Format, string ContentType, int Width, int Height, long Bytes);

/// Placeholder: a tiny blurred preview a front end can show while the image loads (a data URI or a BlurHash; the ADR says which).
public sealed record ProcessedImage(ProcessedFile Original, IReadOnlyList<ProcessedFile> Renditions, string Placeholder);

public enum ImageRejection
{
    /// Not one of the accepted formats (SVG, polyglots, anything else): 415.
    UnsupportedType,

    /// The header declares more than Media:MaxPixels: 422.
    TooManyPixels,

    /// Truncated or undecodable: 422.
    Corrupt,
}

public sealed class ImageRejectedException(ImageRejection reason, string detail) : Exception(detail)
{
    public ImageRejection Reason { get; } = reason;
}
