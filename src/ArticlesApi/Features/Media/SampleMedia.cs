using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Media.Processing;
using ArticlesApi.Features.Media.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Features.Media;

/// The sample newsroom's pictures (Swagger UI's examples): generated with libvips (no downloads), processed and stored as
/// uploads are, when the sample content is seeded and they are missing. Every sample article shows one as its feature image
/// (SampleNewsroom), one also inline; the old map is used by none (the media DELETE example removes it). Small (960 × 600:
/// renditions only at the configured widths up to 960, never upscaled) so that seeding stays fast: it runs at every start of a host with sample content.
public static class SampleMedia
{
    public static readonly Guid HarbourPhotoId = new("01930000-0000-7000-8000-00000000c001");
    public static readonly Guid OldMapId = new("01930000-0000-7000-8000-00000000c002");
    public static readonly Guid ConferenceTableId = new("01930000-0000-7000-8000-00000000c003");
    public static readonly Guid OpenSeaId = new("01930000-0000-7000-8000-00000000c004");
    public static readonly Guid BorderRoadId = new("01930000-0000-7000-8000-00000000c005");

    const string Illustration = "Illustrazione: Redazione";

    /// Id, alt text, caption, credit and the colours of the generated gradient (red, green, blue: base and slope across).
    static readonly (Guid Id, string Alt, string? Caption, string Credit, double[] Colour)[] Pictures =
    [
        (HarbourPhotoId, "Fishing boats moored in the harbour at dawn", "Il porto all'alba.", "Photo: Sample Newsroom", [40, 160, 80, 120, 120, 100]),
        (OldMapId, "A faded map of the old town", null, "Sample Newsroom archive", [150, 60, 130, 50, 90, 40]),
        (ConferenceTableId, "Un lungo tavolo da conferenza con due file di sedie vuote", "La sala dei negoziati prima dell'apertura.", Illustration,
            [90, 120, 70, 90, 60, 60]),
        (OpenSeaId, "Il mare aperto sotto un cielo grigio, una nave all'orizzonte", "Il Mediterraneo centrale.", Illustration, [20, 60, 70, 90, 110, 120]),
        (BorderRoadId, "Una strada di campagna che corre verso il confine", "La strada verso il valico.", Illustration, [110, 90, 100, 60, 50, 40]),
    ];

    public static IReadOnlyList<Guid> Ids => [.. Pictures.Select(p => p.Id)];

    public static async Task EnsureAsync(IServiceProvider services, ArticlesDb db, DateTime now, CancellationToken ct)
    {
        var existing = await db.Media.Where(m => Ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct);
        foreach (var (id, alt, caption, credit, colour) in Pictures)
        {
            if (existing.Contains(id))
                continue;
            var directory = Directory.CreateTempSubdirectory("articles-sample-media-").FullName;
            try
            {
                var source = Path.Combine(directory, "source.jpg");
                const int width = 960, height = 600;
                using (var xy = NetVips.Image.Xyz(width, height))
                using (var x = xy[0])
                using (var y = xy[1])
                using (var r = x * (colour[1] / width) + colour[0])
                using (var g = y * (colour[3] / height) + colour[2])
                using (var b = (x + y) * (colour[5] / (width + height)) + colour[4])
                using (var rgb = r.Bandjoin(g, b))
                using (var image = rgb.Cast(NetVips.Enums.BandFormat.Uchar).Copy(interpretation: NetVips.Enums.Interpretation.Srgb))
                    image.WriteToFile(source + "[Q=85]");
                var processor = services.GetRequiredService<IImageProcessor>();
                var storage = services.GetRequiredService<IMediaStorage>();
                var output = Directory.CreateDirectory(Path.Combine(directory, "out")).FullName;
                var probe = processor.Probe(source);
                var processed = await processor.ProcessAsync(source, probe, services.GetRequiredService<IOptions<MediaOptions>>().Value.RenditionWidths, output, ct);
                var prefix = MediaKeys.Prefix(id, now);
                async Task<string> PutAsync(ProcessedFile file)
                {
                    var key = MediaKeys.For(prefix, file.FileName);
                    await using var content = File.OpenRead(Path.Combine(output, file.FileName));
                    try
                    {
                        await storage.PutAsync(key, content, file.ContentType, ct);
                    }
                    catch (IOException)
                    {
                        // Already there: stored by another instance starting at the same time, or left by a database that
                        // was reset while the media folder was kept. The pictures are generated the same way every
                        // time, so the file is this one; anything else is a real failure.
                        await using var stored = await storage.OpenReadAsync(key, ct);
                        if (stored is null)
                            throw;
                    }
                    return key;
                }
                var item = new MediaItem
                {
                    Id = id, ContentType = processed.Original.ContentType, Width = processed.Original.Width, Height = processed.Original.Height,
                    Bytes = processed.Original.Bytes, StorageKey = await PutAsync(processed.Original), Alt = alt, Caption = caption, Credit = credit, License = "CC BY 4.0",
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
            catch (DbUpdateException)
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
