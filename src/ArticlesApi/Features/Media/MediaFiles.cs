using ArticlesApi.Features.Media.Storage;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Features.Media;

/// The filesystem storage's files, served under /media/{key}: immutable (a new upload gets new keys), so cached for a
/// year by browsers and CDNs; ETag and Last-Modified with 304s, ranges; only the five image types (anything else in
/// the directory, such as a file still being written, is not served); no directory listing; keys cannot leave
/// Media:Path (the file provider refuses `..` and absolute paths).
public static class MediaFiles
{
    public const string RequestPath = "/media";
    public const string CacheControl = "public, max-age=31536000, immutable";

    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png", [".webp"] = "image/webp",
        [".gif"] = "image/gif", [".avif"] = "image/avif",
    };

    public static IApplicationBuilder UseMediaFiles(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IMediaStorage>() is not FileSystemMediaStorage storage)
            return app;
        Directory.CreateDirectory(storage.Root);
        var types = new FileExtensionContentTypeProvider(new Dictionary<string, string>(ContentTypes, StringComparer.OrdinalIgnoreCase));
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = RequestPath,
            FileProvider = new PhysicalFileProvider(storage.Root),
            ContentTypeProvider = types,
            ServeUnknownFileTypes = false,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = CacheControl,
        });
    }

    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section))
            .Validate(o => o.MaxBytes > 0 && o.MaxPixels > 0 && o.RenditionWidths.All(w => w > 0) && o.HealthCheckSeconds > 0,
                "Media: MaxBytes, MaxPixels, Widths and HealthCheckSeconds must be positive.")
            .ValidateOnStart();
        services.AddMediaStorage();
        MediaStorageHealthCheck.Add(services);
        return services;
    }
}
