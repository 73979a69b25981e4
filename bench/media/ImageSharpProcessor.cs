using ArticlesApi.Features.Media.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Processing;

namespace ArticlesApi.Bench.Media;

/// The same work as VipsImageProcessor.ProcessAsync for a JPEG, on ImageSharp 2.1 (the alternative the issue names):
/// decode once from the file stream, apply the orientation, drop every profile, write the original and each width in
/// WebP and JPEG at the same qualities (JPEG 82, WebP 80), plus a 16-pixel WebP placeholder. ImageSharp 2.x has no
/// ICC colour conversion (an embedded profile is ignored, not converted) and no AVIF: the work compared is the part
/// both can do.
internal static class ImageSharpProcessor
{
    public static ProcessedImage Process(string path, IReadOnlyList<int> widths, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        using var stream = File.OpenRead(path);
        using var image = Image.Load(stream);
        image.Mutate(x => x.AutoOrient());
        image.Metadata.ExifProfile = null;
        image.Metadata.XmpProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.IccProfile = null;
        var jpeg = new JpegEncoder { Quality = 82 };
        var webp = new WebpEncoder { Quality = 80, Method = WebpEncodingMethod.Level4 };

        var original = Save(image, outputDirectory, "original.jpg", jpeg, ImageFormat.Jpeg);
        var renditions = new List<ProcessedFile>();
        foreach (var width in widths.Where(w => w < image.Width))
        {
            using var resized = image.Clone(x => x.Resize(width, 0));
            renditions.Add(Save(resized, outputDirectory, $"w{width}.webp", webp, ImageFormat.WebP));
            renditions.Add(Save(resized, outputDirectory, $"w{width}.jpg", jpeg, ImageFormat.Jpeg));
        }
        using var tiny = image.Clone(x => x.Resize(16, 0).GaussianBlur(0.8f));
        using var placeholder = new MemoryStream();
        tiny.Save(placeholder, new WebpEncoder { Quality = 40 });
        return new ProcessedImage(original, renditions, "data:image/webp;base64," + Convert.ToBase64String(placeholder.ToArray()));
    }

    static ProcessedFile Save(Image image, string directory, string name, SixLabors.ImageSharp.Formats.IImageEncoder encoder, ImageFormat format)
    {
        var target = Path.Combine(directory, name);
        using (var output = File.Create(target)) image.Save(output, encoder);
        return new ProcessedFile(name, format, format == ImageFormat.Jpeg ? "image/jpeg" : "image/webp", image.Width, image.Height, new FileInfo(target).Length);
    }
}
