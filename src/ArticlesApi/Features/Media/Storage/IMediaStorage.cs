namespace ArticlesApi.Features.Media.Storage;

/// Where media files live: the filesystem (default) or an S3-compatible service (Media:Storage). Keys are
/// relative paths such as `2026/12/{mediaId}/w640.webp`; files are immutable once written (a new upload gets new keys),
/// which is what lets them be served with `Cache-Control: public, max-age=31536000, immutable`.
public interface IMediaStorage
{
    Task PutAsync(string key, Stream content, string contentType, CancellationToken ct);

    /// Null when there is no such file.
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// Succeeds when the file is already gone.
    Task DeleteAsync(string key, CancellationToken ct);

    /// The absolute URL readers fetch the file from.
    string PublicUrl(string key);

    /// For /health/ready (MediaStorageHealthCheck): throws when the storage would refuse an upload now (the directory is
    /// not writable; the S3 service is unreachable or the bucket missing); the caller bounds the time.
    Task ProbeAsync(CancellationToken ct);
}
