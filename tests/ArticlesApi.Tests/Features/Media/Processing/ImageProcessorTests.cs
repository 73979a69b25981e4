using System.Text.Json;
using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Processing;
using Microsoft.Extensions.Options;
using NetVips;

namespace ArticlesApi.Tests.Features.Media.Processing;

/// The image processor on real files through the real library; every output is read back with exiftool.
public sealed class ImageProcessorTests : IDisposable
{
    static readonly int[] Widths = [320, 640, 960, 1280, 1920];
    readonly SamplePhotos photos = new();
    readonly IImageProcessor processor = new VipsImageProcessor(Options.Create(new MediaOptions()));

    [Theory]
    [InlineData("photo.jpg")]
    [InlineData("photo.png")]
    [InlineData("photo.webp")]
    public async Task Photo_With_Gps_Xmp_Iptc_Comment_Thumbnail_Keeps_None_Of_Them_In_Any_Output(string name)
    {
        var path = photos.SavePhoto(name);
        photos.AddSourceMetadata(path);
        var before = SamplePhotos.ReadMetadata(path);
        Leaks(before).ShouldContain(k => k.StartsWith("GPS:", StringComparison.Ordinal) || k.StartsWith("XMP", StringComparison.Ordinal),
            "the input must carry what the outputs must not");

        var result = await Process(path);

        foreach (var file in Files(result))
        {
            Leaks(SamplePhotos.ReadMetadata(Output(file))).ShouldBeEmpty($"{file.FileName} keeps metadata");
        }
    }

    [Fact]
    public async Task Jpeg_Carrying_Everything_Really_Carries_It_Before_Processing()
    {
        var path = photos.SavePhoto("everything.jpg");
        photos.AddSourceMetadata(path);

        var keys = SamplePhotos.ReadMetadata(path).Keys.ToList();

        keys.ShouldContain("GPS:GPSLatitude");
        keys.ShouldContain(k => k.StartsWith("XMP-", StringComparison.Ordinal));
        keys.ShouldContain(k => k.StartsWith("IPTC:", StringComparison.Ordinal));
        keys.ShouldContain(k => k.EndsWith(":Comment", StringComparison.Ordinal));
        keys.ShouldContain("IFD1:ThumbnailImage");
        keys.ShouldContain("IFD0:Orientation");
        (await Process(path)).Original.Width.ShouldBe(800);
    }

    [Fact]
    public async Task Orientation_6_Is_Applied_Width_And_Height_Swap_And_The_Top_Left_Turns_Top_Right()
    {
        var path = photos.SavePhoto("turned.jpg", 1200, 800);
        photos.AddSourceMetadata(path);

        var result = await Process(path);

        result.Original.ShouldSatisfyAllConditions(o => o.Width.ShouldBe(800), o => o.Height.ShouldBe(1200));
        foreach (var file in Files(result))
        {
            using var image = Image.NewFromFile(Output(file));
            (image.Width, image.Height).ShouldBe((file.Width, file.Height));
            image.Height.ShouldBeGreaterThan(image.Width);
            // Rotated 90° clockwise, the red top-left quadrant is now top-right.
            var topRight = image.Getpoint(image.Width * 3 / 4, image.Height / 4);
            var topLeft = image.Getpoint(image.Width / 4, image.Height / 4);
            topRight[0].ShouldBeGreaterThan(200, file.FileName);
            topRight[1].ShouldBeLessThan(60, file.FileName);
            topLeft[1].ShouldBeGreaterThan(40, file.FileName);
            SamplePhotos.ReadMetadata(Output(file)).Keys.ShouldNotContain(k => k.EndsWith(":Orientation", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Renditions_Are_The_Widths_Below_The_Original_In_WebP_And_The_Original_Format_Never_Upscaled()
    {
        var path = photos.SavePhoto("wide.jpg", 1000, 500);

        var result = await Process(path);

        result.Original.ShouldSatisfyAllConditions(
            o => o.FileName.ShouldBe("original.jpg"), o => o.Width.ShouldBe(1000), o => o.ContentType.ShouldBe("image/jpeg"));
        result.Renditions.Select(r => (r.Width, r.Format)).ShouldBe(
            [(320, ImageFormat.WebP), (320, ImageFormat.Jpeg), (640, ImageFormat.WebP), (640, ImageFormat.Jpeg),
             (960, ImageFormat.WebP), (960, ImageFormat.Jpeg)]);
        foreach (var file in Files(result))
        {
            var metadata = SamplePhotos.ReadMetadata(Output(file));
            metadata["Composite:ImageSize"].GetString().ShouldBe($"{file.Width}x{file.Height}");
            metadata["File:MIMEType"].GetString().ShouldBe(file.ContentType);
            Math.Abs(file.Height - file.Width / 2.0).ShouldBeLessThanOrEqualTo(1);
            new FileInfo(Output(file)).Length.ShouldBe(file.Bytes);
        }
    }

    [Fact]
    public async Task Image_Narrower_Than_Every_Width_Gets_No_Rendition_And_Keeps_Its_Size()
    {
        var result = await Process(photos.SavePhoto("small.png", 300, 200));

        result.Renditions.ShouldBeEmpty();
        (result.Original.Width, result.Original.Height).ShouldBe((300, 200));
    }

    [Fact]
    public async Task Display_P3_Photo_Is_Converted_To_Srgb_And_Carries_No_Profile()
    {
        using var red = Image.Black(400, 300).NewFromImage(255, 0, 0).Copy(interpretation: Enums.Interpretation.Srgb);
        using var p3 = red.IccExport(outputProfile: "p3");
        var path = photos.Save(p3, "p3.jpg");
        SamplePhotos.ReadMetadata(path).Keys.ShouldContain(k => k.StartsWith("ICC", StringComparison.Ordinal));

        var result = await Process(path);

        foreach (var file in Files(result))
        {
            using var image = Image.NewFromFile(Output(file));
            image.Interpretation.ShouldBe(Enums.Interpretation.Srgb);
            var pixel = image.Getpoint(10, 10);
            // Unconverted P3 values would read about (234, 51, 35).
            pixel[0].ShouldBeGreaterThan(245, file.FileName);
            pixel[1].ShouldBeLessThan(25, file.FileName);
            SamplePhotos.ReadMetadata(Output(file)).Keys.ShouldNotContain(k => k.StartsWith("ICC", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Cmyk_Jpeg_Comes_Out_As_Three_Band_Srgb()
    {
        using var photo = SamplePhotos.Photo(800, 600);
        using var cmyk = photo.IccExport(outputProfile: "cmyk");
        var path = photos.Save(cmyk, "cmyk.jpg");
        SamplePhotos.ReadMetadata(path)["File:ColorComponents"].GetInt32().ShouldBe(4);

        var result = await Process(path);

        foreach (var file in Files(result).Where(f => f.Format == ImageFormat.Jpeg))
        {
            SamplePhotos.ReadMetadata(Output(file))["File:ColorComponents"].GetInt32().ShouldBe(3);
        }
        using var original = Image.NewFromFile(Output(result.Original));
        original.Bands.ShouldBe(3);
        original.Getpoint(10, 10)[0].ShouldBeGreaterThan(200);
    }

    [Theory]
    [InlineData("a.jpg", ImageFormat.Jpeg)]
    [InlineData("a.png", ImageFormat.Png)]
    [InlineData("a.webp", ImageFormat.WebP)]
    [InlineData("a.gif", ImageFormat.Gif)]
    [InlineData("a.avif", ImageFormat.Avif)]
    public async Task Each_Accepted_Format_Is_Recognized_From_Its_Bytes_And_Processed(string name, ImageFormat format)
    {
        var saved = photos.SavePhoto(name, 700, 400);
        var path = photos.PathFor("upload.bin");
        File.Move(saved, path);

        var probe = processor.Probe(path);
        var result = await processor.ProcessAsync(path, probe, Widths, photos.PathFor("out-" + name), TestContext.Current.CancellationToken);

        probe.ShouldBe(new ImageProbe(format, 700, 400));
        result.Original.Format.ShouldBe(format);
        result.Renditions.Select(r => (r.Width, r.Format)).ShouldBe([(320, ImageFormat.WebP), (320, format), (640, ImageFormat.WebP), (640, format)]);
        foreach (var file in result.Renditions.Prepend(result.Original))
        {
            using var image = Image.NewFromFile(photos.PathFor(Path.Combine("out-" + name, file.FileName)));
            image.Width.ShouldBe(file.Width);
        }
    }

    [Fact]
    public async Task Placeholder_Is_A_Tiny_WebP_Data_Uri()
    {
        var result = await Process(photos.SavePhoto("placeholder.jpg"));

        result.Placeholder.ShouldStartWith("data:image/webp;base64,");
        result.Placeholder.Length.ShouldBeLessThanOrEqualTo(1024);
        using var image = Image.NewFromBuffer(Convert.FromBase64String(result.Placeholder["data:image/webp;base64,".Length..]));
        Math.Max(image.Width, image.Height).ShouldBe(16);
    }

    [Theory]
    [InlineData("truncated.jpg")]
    [InlineData("truncated.png")]
    public async Task Truncated_Image_Is_Corrupt(string name)
    {
        var path = photos.Truncated(photos.SavePhoto(name), 0.6);

        var rejection = await Rejection(path);

        rejection.ShouldBe(ImageRejection.Corrupt);
    }

    [Fact]
    public async Task Jpeg_With_Garbage_In_Its_Compressed_Data_Is_Corrupt()
    {
        var path = photos.SavePhoto("garbage.jpg");
        var bytes = File.ReadAllBytes(path);
        // Overwrite part of the entropy-coded data with a marker that is not allowed there (DHT in the middle of a scan).
        var middle = bytes.Length / 2;
        for (var i = middle; i < middle + 400; i += 2) { bytes[i] = 0xFF; bytes[i + 1] = 0x01; }
        File.WriteAllBytes(path, bytes);

        (await Rejection(path)).ShouldBe(ImageRejection.Corrupt);
    }

    [Fact]
    public async Task Svg_Is_Unsupported() =>
        (await Rejection(photos.Text("logo.svg", """<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>""")))
            .ShouldBe(ImageRejection.UnsupportedType);

    [Fact]
    public async Task Html_Is_Unsupported() =>
        (await Rejection(photos.Text("page.png", "<!doctype html><html><body><img src=x onerror=alert(1)></body></html>")))
            .ShouldBe(ImageRejection.UnsupportedType);

    [Fact]
    public async Task Text_File_Named_Jpg_Is_Unsupported() =>
        (await Rejection(photos.Text("holiday.jpg", "just some text, not a picture\n"))).ShouldBe(ImageRejection.UnsupportedType);

    [Theory]
    [InlineData("zip.jpg")]
    [InlineData("zip.png")]
    [InlineData("zip.gif")]
    [InlineData("zip.webp")]
    [InlineData("zip.avif")]
    public async Task Image_With_A_Zip_Appended_Is_A_Polyglot_And_Unsupported(string name) =>
        (await Rejection(photos.WithZipAppended(photos.SavePhoto(name, 200, 100)))).ShouldBe(ImageRejection.UnsupportedType);

    [Theory]
    [InlineData("tail.jpg")]
    [InlineData("tail.png")]
    [InlineData("tail.gif")]
    [InlineData("tail.webp")]
    [InlineData("tail.avif")]
    public async Task Image_With_A_Page_Appended_After_Its_End_Is_A_Polyglot_And_Unsupported(string name)
    {
        var path = photos.SavePhoto(name, 200, 100);
        File.AppendAllText(path, "<html><body><script>alert(document.domain)</script></body></html>");

        (await Rejection(path)).ShouldBe(ImageRejection.UnsupportedType);
    }

    [Fact]
    public async Task Jpeg_Whose_First_Bytes_Are_An_Html_Page_Is_A_Polyglot_And_Unsupported()
    {
        var path = photos.JpegWithHtmlComment(photos.SavePhoto("html.jpg", 200, 100));
        using (var stillAJpeg = Image.NewFromFile(path)) stillAJpeg.Width.ShouldBe(200);

        (await Rejection(path)).ShouldBe(ImageRejection.UnsupportedType);
    }

    [Fact]
    public async Task Zero_Padding_After_The_End_Of_A_Jpeg_Is_Accepted()
    {
        var path = photos.SavePhoto("padded.jpg", 400, 300);
        File.AppendAllBytes(path, new byte[64]);

        (await Process(path)).Original.Width.ShouldBe(400);
    }

    IEnumerable<ProcessedFile> Files(ProcessedImage result) => result.Renditions.Prepend(result.Original);

    string Output(ProcessedFile file) => photos.PathFor(Path.Combine("out", file.FileName));

    async Task<ProcessedImage> Process(string path)
    {
        var output = photos.PathFor("out");
        if (Directory.Exists(output)) Directory.Delete(output, true);
        return await processor.ProcessAsync(path, processor.Probe(path), Widths, output, TestContext.Current.CancellationToken);
    }

    async Task<ImageRejection> Rejection(string path)
    {
        var rejected = await Should.ThrowAsync<ImageRejectedException>(() => Process(path));
        rejected.Message.ShouldNotBeNullOrWhiteSpace();
        return rejected.Reason;
    }

    /// Every tag that could tell who took the picture, where, or what it looked like before editing.
    internal static List<string> Leaks(Dictionary<string, JsonElement> metadata) =>
        metadata.Keys.Where(k =>
            k.StartsWith("GPS", StringComparison.Ordinal) || k.StartsWith("XMP", StringComparison.Ordinal)
            || k.StartsWith("IPTC", StringComparison.Ordinal) || k.StartsWith("IFD", StringComparison.Ordinal)
            || k.StartsWith("ExifIFD", StringComparison.Ordinal) || k.StartsWith("ICC", StringComparison.Ordinal)
            || k.StartsWith("Photoshop", StringComparison.Ordinal)
            || k.EndsWith(":Comment", StringComparison.Ordinal) || k.Contains("Thumbnail", StringComparison.Ordinal)
            || k.Contains("Preview", StringComparison.Ordinal) || k.EndsWith(":Orientation", StringComparison.Ordinal)
            || k.Contains("Artist", StringComparison.Ordinal) || k.Contains("Creator", StringComparison.Ordinal)).ToList();

    public void Dispose() => photos.Dispose();
}
