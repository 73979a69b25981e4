namespace ArticlesApi.Features.Media.Processing;

public static class ImageProcessingServices
{
    /// The image processor (libvips through NetVips; ADR "media processing"). Stateless and thread-safe: one instance.
    public static IServiceCollection AddImageProcessing(this IServiceCollection services) =>
        services.AddSingleton<IImageProcessor, VipsImageProcessor>();
}
