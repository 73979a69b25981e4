using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using NetVips;

namespace ArticlesApi.Tests.Features.Media.Processing;

/// Real image files made for the tests: photo-like pixels from libvips, metadata written by exiftool (Debian's
/// libimage-exiftool-perl, installed by .ci/run), and hostile files crafted byte by byte.
internal sealed class SamplePhotos : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("media-tests-").FullName;

    public string PathFor(string name) => System.IO.Path.Combine(Directory, name);

    /// A photo-like picture: smooth gradients plus sensor-like noise, with a pure red top-left quadrant marking which
    /// way is up.
    public static Image Photo(int width, int height)
    {
        using var xy = Image.Xyz(width, height);
        using var x = xy[0];
        using var y = xy[1];
        using var r = x * (200.0 / width) + 30;
        using var g = y * (180.0 / height) + 40;
        using var b = (x + y) * (120.0 / (width + height)) + 60;
        using var rgb = r.Bandjoin(g, b);
        using var noise = Image.Gaussnoise(width, height, sigma: 12, mean: 0);
        using var noisy = rgb + noise;
        using var marker = Image.Black(width / 2, height / 2).NewFromImage(255, 0, 0);
        using var marked = noisy.Cast(Enums.BandFormat.Uchar).Insert(marker, 0, 0);
        return marked.Copy(interpretation: Enums.Interpretation.Srgb);
    }

    public string Save(Image image, string name)
    {
        var path = PathFor(name);
        image.WriteToFile(path);
        return path;
    }

    public string SavePhoto(string name, int width = 1200, int height = 800)
    {
        using var photo = Photo(width, height);
        return Save(photo, name);
    }

    /// Writes GPS, XMP, IPTC, a comment, an EXIF thumbnail and orientation 6 (rotate 90° clockwise to view).
    public void AddSourceMetadata(string path)
    {
        var thumbnail = SavePhoto($"thumb-{Guid.NewGuid():N}.jpg", 160, 120);
        ExifTool("-overwrite_original", "-m",
            "-EXIF:Orientation#=6",
            "-GPSLatitude=48.858370", "-GPSLatitudeRef=N", "-GPSLongitude=2.294481", "-GPSLongitudeRef=E",
            "-GPSAltitude=35", "-XMP-dc:Creator=Confidential Source", "-XMP-photoshop:City=Paris",
            "-XMP:GPSLatitude=48.858370", "-IPTC:By-line=Confidential Source", "-IPTC:Keywords=whistleblower",
            "-IPTC:City=Paris", "-Comment=taken at the source's flat", "-EXIF:Artist=Confidential Source",
            $"-ThumbnailImage<={thumbnail}", path);
    }

    public static Dictionary<string, JsonElement> ReadMetadata(string path)
    {
        var json = ExifTool("-j", "-a", "-G1", "-s", "-u", path);
        using var document = JsonDocument.Parse(json);
        return document.RootElement[0].EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    public static string ExifTool(params string[] arguments)
    {
        var start = new ProcessStartInfo("exiftool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("exiftool did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"exiftool {string.Join(' ', arguments)}: {error}");
        return output;
    }

    /// A real small image whose header is then patched to declare width × height (a decompression bomb's header).
    public string PngDeclaring(int width, int height)
    {
        using var small = Photo(64, 64);
        var bytes = small.PngsaveBuffer();
        // IHDR: 8-byte signature, length, "IHDR", width, height, …; CRC over type + data.
        WriteBigEndian(bytes, 16, width);
        WriteBigEndian(bytes, 20, height);
        WriteBigEndian(bytes, 29, (int)Crc32(bytes.AsSpan(12, 17)));
        var path = PathFor($"bomb-{width}x{height}.png");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string JpegDeclaring(int width, int height)
    {
        using var small = Photo(64, 64);
        var bytes = small.JpegsaveBuffer();
        var i = 2;
        while (!(bytes[i] == 0xFF && bytes[i + 1] is 0xC0 or 0xC2)) i += 2 + (bytes[i + 2] << 8 | bytes[i + 3]);
        // SOFn: marker, length (2), precision (1), height (2), width (2).
        bytes[i + 5] = (byte)(height >> 8); bytes[i + 6] = (byte)height;
        bytes[i + 7] = (byte)(width >> 8); bytes[i + 8] = (byte)width;
        var path = PathFor($"bomb-{width}x{height}.jpg");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Truncated(string path, double keep)
    {
        var bytes = File.ReadAllBytes(path);
        var target = PathFor("truncated-" + System.IO.Path.GetFileName(path));
        File.WriteAllBytes(target, bytes[..(int)(bytes.Length * keep)]);
        return target;
    }

    public string WithZipAppended(string path)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("payload.html").Open());
            entry.Write("<html><script>alert(document.cookie)</script></html>");
        }
        var target = PathFor("polyglot-zip-" + System.IO.Path.GetFileName(path));
        File.WriteAllBytes(target, [.. File.ReadAllBytes(path), .. zip.ToArray()]);
        return target;
    }

    /// A JPEG whose comment segment, right after the start marker, is an HTML page: a browser sniffing it sees HTML.
    public string JpegWithHtmlComment(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var html = "<html><body><script>alert(document.domain)</script></body></html>"u8.ToArray();
        byte[] segment = [0xFF, 0xFE, (byte)((html.Length + 2) >> 8), (byte)(html.Length + 2), .. html];
        var target = PathFor("polyglot-html-" + System.IO.Path.GetFileName(path));
        File.WriteAllBytes(target, [.. bytes[..2], .. segment, .. bytes[2..]]);
        return target;
    }

    public string Text(string name, string content)
    {
        var path = PathFor(name);
        File.WriteAllText(path, content);
        return path;
    }

    static void WriteBigEndian(byte[] bytes, int at, int value)
    {
        bytes[at] = (byte)(value >> 24); bytes[at + 1] = (byte)(value >> 16); bytes[at + 2] = (byte)(value >> 8); bytes[at + 3] = (byte)value;
    }

    static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
