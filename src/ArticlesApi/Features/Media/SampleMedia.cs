using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Media.Processing;
using ArticlesApi.Features.Media.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Features.Media;

/// The sample newsroom's pictures (Swagger UI's examples): generated, processed and stored as uploads are, when the
/// sample content is seeded and they are missing.
public static class SampleMedia
{
    public static readonly Guid HarbourPhotoId = new("01930000-0000-7000-8000-00000000c001");
    public static readonly Guid OldMapId = new("01930000-0000-7000-8000-00000000c002");

    public static async Task EnsureAsync(IServiceProvider services, ArticlesDb db, DateTime now, CancellationToken ct)
    {
        foreach (var (id, alt, credit) in new[]
        {
            (HarbourPhotoId, "Fishing boats moored in the harbour at dawn", "Photo: Sample Newsroom"),
            (OldMapId, "A faded map of the old town", "Sample Newsroom archive"),
        })
        {
            if (await db.Media.AnyAsync(m => m.Id == id, ct))
                continue;
            var directory = Directory.CreateTempSubdirectory("articles-sample-media-").FullName;
            try
            {
                var source = Path.Combine(directory, "source.jpg");
                using (var xy = NetVips.Image.Xyz(1400, 900))
                using (var x = xy[0])
                using (var y = xy[1])
                using (var r = x * (160.0 / 1400) + 40)
                using (var g = y * (120.0 / 900) + 80)
                using (var b = (x + y) * (100.0 / 2300) + 120)
                using (var rgb = r.Bandjoin(g, b))
                using (var image = rgb.Cast(NetVips.Enums.BandFormat.Uchar).Copy(interpretation: NetVips.Enums.Interpretation.Srgb))
                    image.WriteToFile(source + "[Q=85]");
                var processor = services.GetRequiredService<IImageProcessor>();
                var storage = services.GetRequiredService<IMediaStorage>();
                var output = Directory.CreateDirectory(Path.Combine(directory, "out")).FullName;
                var probe = processor.Probe(source);
                var processed = await processor.ProcessAsync(source, probe, services.GetRequiredService<IOptions<MediaOptions>>().Value.Widths, output, ct);
                var prefix = MediaKeys.Prefix(id, now);
                async Task<string> PutAsync(ProcessedFile file)
                {
                    var key = MediaKeys.For(prefix, file.FileName);
                    await using var content = File.OpenRead(Path.Combine(output, file.FileName));
                    await storage.PutAsync(key, content, file.ContentType, ct);
                    return key;
                }
                var item = new MediaItem
                {
                    Id = id, ContentType = processed.Original.ContentType, Width = processed.Original.Width, Height = processed.Original.Height,
                    Bytes = processed.Original.Bytes, StorageKey = await PutAsync(processed.Original), Alt = alt, Credit = credit, License = "CC BY 4.0",
                    Placeholder = processed.Placeholder, CreatedAt = now, UpdatedAt = now,
                };
                foreach (var rendition in processed.Renditions.DistinctBy(f => (f.Width, f.Format)).OrderBy(f => f.Width).ThenBy(f => f.Format != ImageFormat.WebP))
                    item.Renditions.Add(new MediaRendition
                    {
                        Width = rendition.Width, Height = rendition.Height, Format = MediaKeys.FormatName(rendition.Format), Bytes = rendition.Bytes,
                        StorageKey = await PutAsync(rendition),
                    });
                db.Media.Add(item);
                await db.SaveChangesAsync(ct);
            }
            catch (Exception e) when (e is IOException or DbUpdateException)
            {
                // Another instance starting at the same time stored it first.
                db.ChangeTracker.Clear();
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
