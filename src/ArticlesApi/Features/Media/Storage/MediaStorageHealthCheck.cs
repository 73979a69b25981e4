using Health = ArticlesApi.Infrastructure.Health.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Features.Media.Storage;

/// `media` in /health/ready: can the storage take an upload now (filesystem: a file written and deleted under
/// Media:Path; S3: HEAD on the bucket), within Media:HealthCheckSeconds (2). A storage that cannot is **Degraded**, never
/// Unhealthy: /health/ready stays 200, so load balancers keep the instance — reads, feeds and the files already stored
/// (served by the bucket or the API's /media) still work; only uploads answer 503 storage-unavailable. The description
/// says what failed without the exception's message (it can carry host names, paths and keys).
public sealed class MediaStorageHealthCheck(IMediaStorage storage, IOptions<MediaOptions> options, ILogger<MediaStorageHealthCheck> logger) : IHealthCheck
{
    public const string Name = "media";

    public static void Add(IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<MediaStorageHealthCheck>(Name, HealthStatus.Degraded, [Health.Ready]);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var kind = options.Value.Storage.ToLowerInvariant();
        var limit = TimeSpan.FromSeconds(options.Value.HealthCheckSeconds);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            await storage.ProbeAsync(timeout.Token);
            return HealthCheckResult.Healthy($"The {kind} media storage takes uploads.");
        }
        catch (Exception e) when (e is OperationCanceledException || MediaStorageFailures.IsUnavailable(e))
        {
            var reason = e switch
            {
                OperationCanceledException => $"is unreachable or did not answer within {limit.TotalSeconds:0.#} s",
                Amazon.S3.AmazonS3Exception { StatusCode: System.Net.HttpStatusCode.NotFound } => "has no such bucket (Media:S3:Bucket)",
                Amazon.S3.AmazonS3Exception { StatusCode: System.Net.HttpStatusCode.Forbidden } => "refuses the keys (Media:S3:AccessKey/SecretKey)",
                Amazon.Runtime.AmazonServiceException s => $"answered {(int)s.StatusCode}",
                Amazon.Runtime.AmazonClientException or HttpRequestException => "is unreachable",
                UnauthorizedAccessException or IOException => "is not writable (Media:Path)",
                _ => "failed",
            };
            logger.LogWarning("Media storage ({Storage}) {Reason}: {Error}", kind, reason, e.GetBaseException().Message);
            return HealthCheckResult.Degraded(
                $"The {kind} media storage {reason}: uploads answer 503 until it is back; reads and stored files are not affected.");
        }
    }
}
