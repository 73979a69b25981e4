using System.Diagnostics;
using ArticlesApi.Bench.Media;
using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Processing;
using Microsoft.Extensions.Options;
using NetVips;

// dotnet run -c Release -- <vips|imagesharp> [runs] [workdir]
// One library per process, so that the process's peak RSS belongs to that library alone.
// dotnet run -c Release -- photo <path> [icc]: only writes the 12-megapixel test photo (bench/media/upload.sh uploads it);
// `icc` embeds libvips' sRGB ICC profile, as phones do.
if (args.ElementAtOrDefault(0) == "photo")
{
    MakePhoto(args[1], args.ElementAtOrDefault(2) == "icc");
    return;
}
var library = args.ElementAtOrDefault(0) ?? "vips";
var runs = int.Parse(args.ElementAtOrDefault(1) ?? "10");
var work = args.ElementAtOrDefault(2) ?? Path.Combine(Path.GetTempPath(), "media-bench");
Directory.CreateDirectory(work);
var widths = new MediaOptions().Widths;
var source = Path.Combine(work, "photo-12mp.jpg");
if (!File.Exists(source)) MakePhoto(source);

var vips = new VipsImageProcessor(Options.Create(new MediaOptions()));
ProcessedImage Process(string output) => library == "imagesharp"
    ? ImageSharpProcessor.Process(source, widths, output)
    : vips.ProcessAsync(source, vips.Probe(source), widths, output, CancellationToken.None).GetAwaiter().GetResult();

Process(Path.Combine(work, library + "-warmup"));
var wall = new List<double>();
var cpu = new List<double>();
ProcessedImage? last = null;
for (var i = 0; i < runs; i++)
{
    var output = Path.Combine(work, $"{library}-{i}");
    var cpuBefore = CpuSeconds();
    var clock = Stopwatch.StartNew();
    last = Process(output);
    wall.Add(clock.Elapsed.TotalMilliseconds);
    cpu.Add((CpuSeconds() - cpuBefore) * 1000);
    Directory.Delete(output, true);
}

// Peak RSS of the process during 4 concurrent processings (peak reset first: writing 5 to clear_refs).
GC.Collect();
var rssBefore = Status("VmRSS");
File.WriteAllText("/proc/self/clear_refs", "5");
var concurrentClock = Stopwatch.StartNew();
Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
{
    var output = Path.Combine(work, $"{library}-c{i}");
    Process(output);
    Directory.Delete(output, true);
});
var concurrentSeconds = concurrentClock.Elapsed.TotalSeconds;
var peak = Status("VmHWM");

var original = new FileInfo(source).Length;
Console.WriteLine($"library\t{library}");
Console.WriteLine($"source\t{source}\t{original} bytes");
Console.WriteLine($"median_ms\t{Median(wall):F0}\t(min {wall.Min():F0}, max {wall.Max():F0}, runs {runs})");
Console.WriteLine($"median_cpu_ms\t{Median(cpu):F0}");
Console.WriteLine($"images_per_s\t{1000 / Median(wall):F2}\t(one at a time)");
Console.WriteLine($"concurrent4_images_per_s\t{4 / concurrentSeconds:F2}");
Console.WriteLine($"rss_before_mb\t{rssBefore / 1048576.0:F0}");
Console.WriteLine($"peak_rss_4_concurrent_mb\t{peak / 1048576.0:F0}");
Console.WriteLine($"placeholder_chars\t{last!.Placeholder.Length}");
foreach (var file in last.Renditions.Prepend(last.Original))
{
    Console.WriteLine($"file\t{file.FileName}\t{file.Width}x{file.Height}\t{file.Bytes}\t{100.0 * file.Bytes / original:F1}%");
}

static void MakePhoto(string path, bool withProfile = false)
{
    // 4000 × 3000: smooth light plus blurred noise (texture) and a little fine grain, saved at quality 92 like a camera.
    const int width = 4000, height = 3000;
    using var xy = Image.Xyz(width, height);
    using var x = xy[0];
    using var y = xy[1];
    using var light = (x * (150.0 / width) + y * (60.0 / height) + 40).Bandjoin(y * (160.0 / height) + 50, (x + y) * (100.0 / (width + height)) + 70);
    using var texture = Image.Gaussnoise(width, height, sigma: 60).Gaussblur(4);
    using var grain = Image.Gaussnoise(width, height, sigma: 4, mean: 0);
    using var photo = (light + texture - 128 + grain).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    if (!withProfile)
    {
        photo.Jpegsave(path, q: 92);
        return;
    }
    // sRGB to sRGB: the pixels stay, the output carries the profile (icc-profile-data) into the file.
    using var tagged = photo.IccTransform("srgb", inputProfile: "srgb").Cast(Enums.BandFormat.Uchar);
    tagged.Jpegsave(path, q: 92);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static double CpuSeconds()
{
    // /proc/self/stat fields 14 and 15: user and system time of the whole process, in clock ticks (100 per second).
    var fields = File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
}

static long Status(string field) =>
    long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
