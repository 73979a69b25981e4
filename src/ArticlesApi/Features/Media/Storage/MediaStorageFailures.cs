namespace ArticlesApi.Features.Media.Storage;

/// Failures of the storage itself, not of the request: an S3 service unreachable or refusing (wrong bucket, bad
/// credentials, 5xx), a full or read-only disk. An upload meeting one answers 503 `storage-unavailable`, never 500.
public static class MediaStorageFailures
{
    public static bool IsUnavailable(Exception e) => e is IOException or UnauthorizedAccessException or HttpRequestException
        or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException
        || e.InnerException is { } inner && IsUnavailable(inner);

    /// Thrown around a storage call only, so a database failure with an IOException inside stays the database's 503.
    public sealed class UnavailableException(Exception inner) : Exception("The media storage is unavailable.", inner);
}
