using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Processing;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Tests.Features.Media.Processing;

[CollectionDefinition(nameof(PeakMemory), DisableParallelization = true)]
public sealed class PeakMemory;

/// A few hundred bytes declaring 10 gigapixels (30 GB of RGB) must be refused from the header alone. Runs alone
/// (no parallel test) so that the process's peak RSS, reset before the probe, measures the probe.
[Collection(nameof(PeakMemory))]
public sealed class DecompressionBombTests : IDisposable
{
    readonly SamplePhotos photos = new();
    readonly IImageProcessor processor = new VipsImageProcessor(Options.Create(new MediaOptions()));

    [Fact]
    public void Png_Declaring_100000_By_100000_Pixels_Is_Refused_From_Its_Header_With_Peak_Memory_Unchanged()
    {
        var path = photos.PngDeclaring(100_000, 100_000);
        new FileInfo(path).Length.ShouldBeLessThan(20_000);

        var (rejection, peakGrowth) = ProbeMeasured(path);

        rejection.Reason.ShouldBe(ImageRejection.TooManyPixels);
        rejection.Message.ShouldContain("100000 × 100000");
        peakGrowth.ShouldBeLessThan(32L * 1024 * 1024, "decoding even one row band would show; the whole image is 30 GB");
    }

    /// JPEG's header cannot declare more than 65,535 pixels a side, and libjpeg-turbo refuses more than 65,500: the
    /// largest JPEG bomb a decoder would start on (4.3 gigapixels).
    [Fact]
    public void Jpeg_Declaring_65500_By_65500_Pixels_Is_Refused_From_Its_Header_With_Peak_Memory_Unchanged()
    {
        var path = photos.JpegDeclaring(65_500, 65_500);

        var (rejection, peakGrowth) = ProbeMeasured(path);

        rejection.Reason.ShouldBe(ImageRejection.TooManyPixels);
        peakGrowth.ShouldBeLessThan(32L * 1024 * 1024);
    }

    (ImageRejectedException Rejection, long PeakGrowth) ProbeMeasured(string path)
    {
        processor.Probe(photos.SavePhoto("warm.png", 64, 64)); // libvips initialised outside the measure
        GC.Collect();
        // Writing 5 to clear_refs resets the process's peak RSS (VmHWM) to its current RSS (Linux ≥ 4.0).
        File.WriteAllText("/proc/self/clear_refs", "5");
        var before = Status("VmHWM");
        var rejection = Should.Throw<ImageRejectedException>(() => processor.Probe(path));
        var growth = Status("VmHWM") - before;
        TestContext.Current.SendDiagnosticMessage($"{Path.GetFileName(path)}: peak RSS grew {growth / 1024} KiB during the probe");
        return (rejection, growth);
    }

    static long Status(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;

    public void Dispose() => photos.Dispose();
}
