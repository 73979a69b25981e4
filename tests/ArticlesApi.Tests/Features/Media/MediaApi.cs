using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using NetVips;

namespace ArticlesApi.Tests.Features.Media;

/// A host with small media limits, so the limits are reached by small files: 1 MiB, 4 megapixels.
public sealed class MediaApi : ApiFactory
{
    public const long MaxBytes = 1024 * 1024;
    public const long MaxPixels = 4_000_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Media:MaxBytes", MaxBytes.ToString());
        builder.UseSetting("Media:MaxPixels", MaxPixels.ToString());
    }

    /// Every file under Media:Path, as storage keys.
    public IReadOnlyList<string> StoredKeys() => Directory.Exists(MediaPath)
        ? Directory.EnumerateFiles(MediaPath, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(MediaPath, f).Replace('\\', '/')).Order().ToList()
        : [];
}

/// Images made for the tests by libvips: a gradient with a red corner, in every accepted format.
public static class TestImages
{
    public static byte[] Of(string format, int width = 700, int height = 500)
    {
        using var xy = Image.Xyz(width, height);
        using var x = xy[0];
        using var y = xy[1];
        using var r = x * (200.0 / width) + 30;
        using var g = y * (180.0 / height) + 40;
        using var b = (x + y) * (120.0 / (width + height)) + 60;
        using var rgb = r.Bandjoin(g, b);
        using var image = rgb.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return image.WriteToBuffer(format switch
        {
            "jpeg" => ".jpg[Q=85]",
            "avif" => ".avif[Q=50,effort=0]",
            var f => $".{f}",
        });
    }

    public const string Svg = """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>""";
}

public static class MediaRequests
{
    public static MultipartFormDataContent Form(byte[]? file, string? alt = "A gradient", string fileName = "picture.bin",
        string? caption = null, string? credit = null, string? license = null, string contentType = "application/octet-stream")
    {
        var form = new MultipartFormDataContent();
        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(part, "file", fileName);
        }
        foreach (var (name, value) in new[] { ("alt", alt), ("caption", caption), ("credit", credit), ("license", license) })
            if (value is not null)
                form.Add(new StringContent(value), name);
        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[]? file, string? alt = "A gradient", string fileName = "picture.bin",
        string? caption = null, string? credit = null, string? license = null) =>
        client.PostAsync("/api/v1/media", Form(file, alt, fileName, caption, credit, license), TestContext.Current.CancellationToken);

    /// Uploads a PNG as `caller` and returns the media item and its ETag.
    public static async Task<(JsonElement Media, string ETag)> UploadPngAsync(this Caller caller, string alt = "A gradient")
    {
        var response = await caller.Client.UploadAsync(TestImages.Of("png"), alt);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return (JsonDocument.Parse(text).RootElement, response.ETag());
    }
}
