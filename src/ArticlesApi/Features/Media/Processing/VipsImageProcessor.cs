using Microsoft.Extensions.Options;
using NetVips;

namespace ArticlesApi.Features.Media.Processing;

/// IImageProcessor on libvips (NetVips; ADR "media processing"). Every decode reads the file through libvips' own
/// loaders in sequential access, failing on truncation and errors; every write keeps no metadata at all.
internal sealed class VipsImageProcessor(IOptions<MediaOptions> options) : IImageProcessor
{
    /// Thumbnail's "no limit" for the side that is not constrained (the original is written at its own size).
    const int Unbounded = 10_000_000;
    const int PlaceholderSize = 16;

    public ImageProbe Probe(string path)
    {
        VipsSetup.EnsureConfigured();
        var format = ImageSniffer.Detect(path);
        int width, height;
        try
        {
            // Reads the header only: libvips decodes pixels lazily, when something asks for them.
            using var image = Image.NewFromFile(path, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
            var loader = (string)image.Get("vips-loader");
            if (!LoaderAgrees(format, loader, image))
            {
                throw new ImageRejectedException(ImageRejection.UnsupportedType,
                    $"The file starts like a {format} image but libvips reads it as '{loader}'.");
            }
            width = image.Width;
            height = image.Height;
        }
        catch (VipsException e)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, $"The {format} image's header cannot be read: {FirstLine(e.Message)}");
        }
        var probe = new ImageProbe(format, width, height);
        if (probe.Pixels > options.Value.MaxPixels)
        {
            throw new ImageRejectedException(ImageRejection.TooManyPixels,
                $"The image declares {width} × {height} pixels; at most {options.Value.MaxPixels:N0} pixels are accepted.");
        }
        return probe;
    }

    public Task<ProcessedImage> ProcessAsync(string path, ImageProbe probe, IReadOnlyList<int> widths, string outputDirectory, CancellationToken ct)
    {
        VipsSetup.EnsureConfigured();
        if (probe.Pixels > options.Value.MaxPixels)
        {
            throw new ImageRejectedException(ImageRejection.TooManyPixels,
                $"The image declares {probe.Width} × {probe.Height} pixels; at most {options.Value.MaxPixels:N0} pixels are accepted.");
        }
        Directory.CreateDirectory(outputDirectory);
        try
        {
            var transform = NeedsColourTransform(path);
            var original = Write(path, transform, Unbounded, outputDirectory, "original", probe.Format);
            var renditions = new List<ProcessedFile>();
            foreach (var width in widths.Where(w => w > 0 && w < original.Width).Distinct().Order())
            {
                ct.ThrowIfCancellationRequested();
                renditions.Add(Write(path, transform, width, outputDirectory, $"w{width}", ImageFormat.WebP));
                renditions.Add(Write(path, transform, width, outputDirectory, $"w{width}", probe.Format));
            }
            ct.ThrowIfCancellationRequested();
            return Task.FromResult(new ProcessedImage(original, renditions, Placeholder(path, transform)));
        }
        catch (VipsException e)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, $"The {probe.Format} image cannot be decoded: {FirstLine(e.Message)}");
        }
    }

    /// An embedded ICC profile or CMYK pixels need a colour transform to sRGB; an untagged RGB or grey image is sRGB
    /// already, and transforming it anyway (through lcms, in float) cost 6× the CPU of the whole full-size write.
    static bool NeedsColourTransform(string path)
    {
        using var header = Image.NewFromFile(path, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
        return header.Contains("icc-profile-data") || header.Interpretation == Enums.Interpretation.Cmyk;
    }

    /// Decodes (shrinking on load where the format allows), applies the EXIF orientation, converts to sRGB through the
    /// embedded ICC profile (or libvips' CMYK profile for an untagged CMYK JPEG), and writes with no metadata kept.
    static ProcessedFile Write(string path, bool transform, int width, string directory, string name, ImageFormat format)
    {
        using var image = Thumbnail(path, width, Unbounded, transform);
        var fileName = $"{name}.{Extension(format)}";
        var target = Path.Combine(directory, fileName);
        Save(image, target, format);
        return new ProcessedFile(fileName, format, ContentType(format), image.Width, image.Height, new FileInfo(target).Length);
    }

    static Image Thumbnail(string path, int width, int height, bool transform)
    {
        var image = transform
            ? Image.Thumbnail(path, width, height: height, size: Enums.Size.Down, outputProfile: "srgb", failOn: Enums.FailOn.Error)
            : Image.Thumbnail(path, width, height: height, size: Enums.Size.Down, failOn: Enums.FailOn.Error);
        // thumbnail converts tagged and CMYK images to sRGB; make sure an untagged other space ends as sRGB too.
        if (image.Interpretation is not (Enums.Interpretation.Srgb or Enums.Interpretation.Bw))
        {
            using var converted = image;
            image = converted.Colourspace(Enums.Interpretation.Srgb);
        }
        return image;
    }

    static void Save(Image image, string target, ImageFormat format)
    {
        switch (format)
        {
            case ImageFormat.Jpeg:
                image.Jpegsave(target, q: 82, optimizeCoding: true, keep: Enums.ForeignKeep.None);
                break;
            case ImageFormat.Png:
                image.Pngsave(target, compression: 6, keep: Enums.ForeignKeep.None);
                break;
            case ImageFormat.WebP:
                image.Webpsave(target, q: 80, effort: 4, keep: Enums.ForeignKeep.None);
                break;
            case ImageFormat.Gif:
                image.Gifsave(target, keep: Enums.ForeignKeep.None);
                break;
            case ImageFormat.Avif:
                image.Heifsave(target, q: 55, effort: 2, compression: Enums.ForeignHeifCompression.Av1, keep: Enums.ForeignKeep.None);
                break;
        }
    }

    /// A 16-pixel WebP, slightly blurred, as a data URI (a few hundred bytes) a page can stretch under the image.
    static string Placeholder(string path, bool transform)
    {
        using var small = Thumbnail(path, PlaceholderSize, PlaceholderSize, transform);
        using var flat = small.HasAlpha() ? small.Flatten(background: [255, 255, 255]) : small.Copy();
        using var blurred = flat.Gaussblur(0.8);
        var bytes = blurred.WebpsaveBuffer(q: 40, keep: Enums.ForeignKeep.None);
        return "data:image/webp;base64," + Convert.ToBase64String(bytes);
    }

    static bool LoaderAgrees(ImageFormat format, string loader, Image image) => format switch
    {
        ImageFormat.Jpeg => loader.StartsWith("jpegload", StringComparison.Ordinal),
        ImageFormat.Png => loader.StartsWith("pngload", StringComparison.Ordinal),
        ImageFormat.WebP => loader.StartsWith("webpload", StringComparison.Ordinal),
        ImageFormat.Gif => loader.StartsWith("gifload", StringComparison.Ordinal),
        ImageFormat.Avif => loader.StartsWith("heifload", StringComparison.Ordinal)
            && image.Contains("heif-compression") && (string)image.Get("heif-compression") == "av1",
        _ => false,
    };

    internal static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "jpg",
        ImageFormat.Png => "png",
        ImageFormat.WebP => "webp",
        ImageFormat.Gif => "gif",
        _ => "avif",
    };

    internal static string ContentType(ImageFormat format) => $"image/{(format == ImageFormat.Jpeg ? "jpeg" : Extension(format))}";

    static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}

/// Process-wide libvips settings for a server (ADR "media processing").
internal static class VipsSetup
{
    static readonly Lazy<bool> Configured = new(Configure);

    public static void EnsureConfigured() => _ = Configured.Value;

    static bool Configure()
    {
        // The operation cache keeps recent operations and their pixel buffers for reuse; a server sees each upload
        // once, so the cache would only hold memory and open file handles (of files already deleted).
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
        // Parallelism comes from concurrent uploads; one worker thread per pipeline keeps 4 uploads on 2 cores from
        // starting 4 × cores threads each and bounds the memory every thread's buffers take.
        NetVips.NetVips.Concurrency = 1;
        // Only the loaders of the accepted formats may run, whatever a file claims to be (SVG, PDF, TIFF, matrix…).
        NetVips.NetVips.BlockUntrusted = true;
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in new[] { "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif", "VipsForeignLoadHeif" })
        {
            Operation.Block(loader, false);
        }
        return true;
    }
}
