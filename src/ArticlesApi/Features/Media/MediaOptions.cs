namespace ArticlesApi.Features.Media;

/// The `Media` configuration section (api.md, "Media").
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// Uploads larger than this answer 413 before anything is decoded.
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    /// Images declaring more pixels than this (width × height, read from the header) answer 422 before decoding.
    public long MaxPixels { get; set; } = 40_000_000;

    /// Rendition widths; an image is never upscaled, so a narrower original gets only the widths below its own.
    /// Null by default: the configuration binder appends configured array items to a default array, so the defaults
    /// live in RenditionWidths.
    public int[]? Widths { get; set; }

    public static readonly int[] DefaultWidths = [320, 640, 960, 1280, 1920];

    /// The configured Widths, or DefaultWidths when none are configured.
    public IReadOnlyList<int> RenditionWidths => Widths is { Length: > 0 } widths ? widths : DefaultWidths;

    /// `filesystem` (default: files under Path, served by the API under /media/…) or `s3`.
    public string Storage { get; set; } = "filesystem";

    /// Where the filesystem storage keeps its files; relative paths are under the content root.
    public string Path { get; set; } = "media";

    /// The absolute base URL readers fetch the filesystem storage's files from (the API's /media, or a CDN in front of it):
    /// a file's URL is {PublicBaseUrl}/{key}. Unset: {Api:PublicUrl}/media; with neither, start-up fails in Production and
    /// other environments use DevelopmentBaseUrl (scripts/run.sh's address). Never the request's Host (ADR mediaurl).
    public string? PublicBaseUrl { get; set; }

    /// The filesystem storage's base outside Production when neither Media:PublicBaseUrl nor Api:PublicUrl is set.
    public const string DevelopmentBaseUrl = "http://localhost:5080/media";

    /// How long /health/ready waits for the storage's probe (a file written, or HEAD on the bucket) before it reports
    /// the storage Degraded.
    public double HealthCheckSeconds { get; set; } = 2;

    public MediaS3Options S3 { get; set; } = new();
}

/// Any S3-compatible service, through the official AWS SDK for .NET.
public sealed class MediaS3Options
{
    public string? ServiceUrl { get; set; }
    public string? Bucket { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }

    /// The base URL readers fetch stored files from (a CDN or the bucket's public endpoint); a file's URL is {PublicBaseUrl}/{key}.
    public string? PublicBaseUrl { get; set; }

    /// The region requests are signed for: the bucket's region on AWS; `us-east-1` suits MinIO, Ceph and most others,
    /// `auto` Cloudflare R2.
    public string Region { get; set; } = "us-east-1";
}
