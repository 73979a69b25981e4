using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Features.Media.Storage;

/// The one place Media:Storage is read: `filesystem` (default) or `s3`. The settings are checked when the host starts
/// (an s3 storage without its endpoint, bucket or keys stops start-up with a message naming the setting); secret values
/// never appear in a message or a log.
public static class MediaStorageServices
{
    public const string FileSystem = "filesystem";
    public const string S3 = "s3";

    /// Needs MediaOptions bound from the `Media` section (AddMedia does it).
    public static IServiceCollection AddMediaStorage(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaStorageOptionsValidator>());
        services.AddOptions<MediaOptions>().ValidateOnStart();
        services.AddSingleton<IMediaStorage>(sp => IsS3(sp.GetRequiredService<IOptions<MediaOptions>>().Value)
            ? ActivatorUtilities.CreateInstance<S3MediaStorage>(sp)
            : ActivatorUtilities.CreateInstance<FileSystemMediaStorage>(sp));
        return services;
    }

    static bool IsS3(MediaOptions options) => options.Storage.Equals(S3, StringComparison.OrdinalIgnoreCase);

    /// Media:S3:PublicBaseUrl, or else the bucket's own path-style URL on the service (for a public-read bucket).
    public static string PublicBaseUrl(MediaS3Options s3) =>
        (string.IsNullOrWhiteSpace(s3.PublicBaseUrl) ? $"{s3.ServiceUrl!.TrimEnd('/')}/{s3.Bucket}" : s3.PublicBaseUrl).TrimEnd('/');

    public const string FileSystemBaseUrlMissing =
        "Media URLs must be absolute (feeds, structured data and front ends on other hosts copy them): set Api:PublicUrl "
        + "(the API's public address, e.g. https://api.example.org; files are then under {Api:PublicUrl}/media) or "
        + "Media:PublicBaseUrl (where readers fetch the files, e.g. https://cdn.example.org/media). Required in Production.";

    /// The filesystem storage's absolute base: Media:PublicBaseUrl, else {Api:PublicUrl}/media, else (outside Production
    /// only) MediaOptions.DevelopmentBaseUrl; null when Production has neither. Never the request's Host: answers are
    /// cached and shared, and a Host header must never be written into content.
    public static string? FileSystemBaseUrl(MediaOptions options, Infrastructure.Http.PublicUrls urls, IHostEnvironment environment) =>
        !string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? options.PublicBaseUrl.TrimEnd('/')
        : urls.Base is { } api ? api + MediaFiles.RequestPath
        : environment.IsProduction() ? null
        : MediaOptions.DevelopmentBaseUrl;

    sealed class MediaStorageOptionsValidator(Infrastructure.Http.PublicUrls urls, IHostEnvironment environment) : IValidateOptions<MediaOptions>
    {
        public ValidateOptionsResult Validate(string? name, MediaOptions options)
        {
            if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !IsHttpUrl(options.PublicBaseUrl))
                return ValidateOptionsResult.Fail("Media:PublicBaseUrl must be an absolute http(s) URL (where readers fetch the files).");
            if (options.Storage.Equals(FileSystem, StringComparison.OrdinalIgnoreCase))
                return string.IsNullOrWhiteSpace(options.Path)
                    ? ValidateOptionsResult.Fail("Media:Path is required when Media:Storage is 'filesystem' (the directory the files are kept in).")
                    : FileSystemBaseUrl(options, urls, environment) is null ? ValidateOptionsResult.Fail(FileSystemBaseUrlMissing)
                    : ValidateOptionsResult.Success;
            if (!IsS3(options))
                return ValidateOptionsResult.Fail($"Media:Storage must be '{FileSystem}' or '{S3}', not '{options.Storage}'.");

            var s3 = options.S3;
            var failures = new List<string>();
            if (!IsHttpUrl(s3.ServiceUrl))
                failures.Add("Media:S3:ServiceUrl is required when Media:Storage is 's3': the service's absolute http(s) endpoint, "
                    + "e.g. https://s3.eu-west-1.amazonaws.com or http://localhost:9000.");
            if (string.IsNullOrWhiteSpace(s3.Bucket))
                failures.Add("Media:S3:Bucket is required when Media:Storage is 's3'.");
            if (string.IsNullOrWhiteSpace(s3.AccessKey))
                failures.Add("Media:S3:AccessKey is required when Media:Storage is 's3'.");
            if (string.IsNullOrWhiteSpace(s3.SecretKey))
                failures.Add("Media:S3:SecretKey is required when Media:Storage is 's3'.");
            if (!string.IsNullOrWhiteSpace(s3.PublicBaseUrl) && !IsHttpUrl(s3.PublicBaseUrl))
                failures.Add("Media:S3:PublicBaseUrl must be an absolute http(s) URL (the bucket's public endpoint or a CDN in front of it).");
            if (string.IsNullOrWhiteSpace(s3.Region))
                failures.Add("Media:S3:Region must not be empty (us-east-1 unless the service says otherwise).");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        static bool IsHttpUrl(string? value) =>
            Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
    }
}
