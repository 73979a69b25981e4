using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Features.Media.Storage;

/// Media files in a bucket of any S3-compatible service (AWS S3, MinIO, Ceph, Cloudflare R2, Backblaze B2…) through the
/// official AWS SDK. Objects carry their Content-Type and the immutable Cache-Control (keys are never reused), so the
/// bucket or a CDN in front of it serves them as the API serves the filesystem's; readers fetch them from PublicBaseUrl.
public sealed class S3MediaStorage : IMediaStorage, IDisposable
{
    readonly AmazonS3Client _client;
    readonly string _bucket;
    readonly string _publicBase;
    readonly bool _https;

    public S3MediaStorage(IOptions<MediaOptions> options)
    {
        var s3 = options.Value.S3;
        _bucket = s3.Bucket!;
        _publicBase = MediaStorageServices.PublicBaseUrl(s3);
        _https = new Uri(s3.ServiceUrl!).Scheme == Uri.UriSchemeHttps;
        _client = new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), new AmazonS3Config
        {
            ServiceURL = s3.ServiceUrl,
            AuthenticationRegion = s3.Region,
            // Buckets as the first path segment: what S3-compatible servers answer without wildcard DNS.
            ForcePathStyle = true,
            // SDK v4 adds CRC checksums (aws-chunked bodies with trailers) to every upload by default, which many
            // S3-compatible servers do not understand; checksums only where an operation requires them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken ct)
    {
        // S3 needs the length before the body: a seekable stream (the upload's files are) goes as it is, read once to
        // sign it and once to send it, never held in memory; anything else is spooled to a temporary file first.
        await using var spooled = content.CanSeek ? null : await SpoolAsync(content, ct);
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = spooled ?? content,
            AutoCloseStream = false,
            ContentType = contentType,
            // A plain body with Content-Length: aws-chunked signing is not understood by every S3-compatible server
            // (s3rver stores the chunk framing as the object's bytes). Over TLS the payload is not hashed first (the
            // transport protects it); over plain HTTP its SHA-256 is signed.
            UseChunkEncoding = false,
            DisablePayloadSigning = _https,
        };
        request.Headers.CacheControl = MediaFiles.CacheControl;
        await _client.PutObjectAsync(request, ct);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        try
        {
            // Disposing the response stream releases the connection (GetObjectResponse holds nothing else).
            var response = await _client.GetObjectAsync(_bucket, key, ct);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey" || e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        try
        {
            // S3 answers 204 for a key that is not there; a few compatible servers answer NoSuchKey instead.
            await _client.DeleteObjectAsync(_bucket, key, ct);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
        }
    }

    public string PublicUrl(string key) => $"{_publicBase}/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}";

    /// HEAD on the bucket: the service answers, the keys are accepted and the bucket exists (s3:ListBucket on it).
    public Task ProbeAsync(CancellationToken ct) => _client.HeadBucketAsync(new HeadBucketRequest { BucketName = _bucket }, ct);

    /// For the tests and operators: the object's stored headers (HEAD), or null when there is none.
    public async Task<GetObjectMetadataResponse?> HeadAsync(string key, CancellationToken ct)
    {
        try
        {
            return await _client.GetObjectMetadataAsync(_bucket, key, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    static async Task<FileStream> SpoolAsync(Stream content, CancellationToken ct)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await content.CopyToAsync(file, ct);
        file.Position = 0;
        return file;
    }

    public void Dispose() => _client.Dispose();
}
