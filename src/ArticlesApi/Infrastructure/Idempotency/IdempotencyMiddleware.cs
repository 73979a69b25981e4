using System.Security.Cryptography;
using System.Text;
using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Infrastructure.Idempotency;

/// `Idempotency-Key` on POST, after the IETF draft (draft-ietf-httpapi-idempotency-key-header):
/// the first request inserts an "in progress" row (the primary key lets only one in), runs, and stores
/// its response; a retry with the same key and request replays that response; the same key with
/// another request answers 422; a retry while the first is still running answers 409.
public sealed class IdempotencyMiddleware(RequestDelegate next, ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// An "in progress" row older than this belongs to a request that died; a retry may take it over.
    static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext context, IServiceScopeFactory scopes)
    {
        var apiKeyId = Caller.KeyIdOf(context.User);
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Headers.TryGetValue(HeaderName, out var values)
            || apiKeyId is null)
        {
            await next(context);
            return;
        }
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > MaxKeyLength)
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad Request",
                $"{HeaderName} must be one value of 1 to {MaxKeyLength} characters.");
            return;
        }

        var fingerprint = await FingerprintAsync(context.Request);
        // A context of its own: the endpoint's context must not see (or save) these rows.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArticlesDb>();
        var records = db.Set<IdempotencyRecord>();

        for (var attempt = 0; ; attempt++)
        {
            var now = DateTime.UtcNow;
            var expires = now + Retention;
            // ON CONFLICT: a duplicate is the normal case here, not an error worth an exception.
            var inserted = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO idempotency_records (api_key_id, "key", fingerprint, created_at, expires_at)
                VALUES ({apiKeyId.Value}, {key}, {fingerprint}, {now}, {expires})
                ON CONFLICT DO NOTHING
                """, context.RequestAborted);
            if (inserted == 1)
                break;
            if (attempt >= 3)
                throw new InvalidOperationException($"Could not claim {HeaderName} '{key}'.");

            var existing = await records.AsNoTracking().SingleOrDefaultAsync(r => r.ApiKeyId == apiKeyId && r.Key == key, context.RequestAborted);
            if (existing is null)
                continue;
            if (existing.ExpiresAt <= now || (existing.StatusCode is null && existing.CreatedAt < now - Abandoned))
            {
                await records.Where(r => r.ApiKeyId == apiKeyId && r.Key == key && r.CreatedAt == existing.CreatedAt)
                    .ExecuteDeleteAsync(context.RequestAborted);
                continue;
            }
            if (!existing.Fingerprint.AsSpan().SequenceEqual(fingerprint))
            {
                await Problems.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, "Unprocessable Content",
                    $"This {HeaderName} was already used for a different request. Use a new key for a new request.");
                return;
            }
            if (existing.StatusCode is null)
            {
                context.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(context, StatusCodes.Status409Conflict, "Conflict",
                    $"A request with this {HeaderName} is still being processed. Retry later to get its response.");
                return;
            }
            await ReplayAsync(context, existing);
            return;
        }

        await RunAndStoreAsync(context, db, apiKeyId.Value, key);
    }

    async Task RunAndStoreAsync(HttpContext context, ArticlesDb db, Guid apiKeyId, string key)
    {
        var records = db.Set<IdempotencyRecord>();
        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            await records.Where(r => r.ApiKeyId == apiKeyId && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            context.Response.Body = originalBody;
        }

        var response = context.Response;
        try
        {
            // A server error is not an answer worth replaying: the client may retry with the same key.
            if (response.StatusCode >= 500)
                await records.Where(r => r.ApiKeyId == apiKeyId && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
            else
                await records.Where(r => r.ApiKeyId == apiKeyId && r.Key == key).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.StatusCode, response.StatusCode)
                    .SetProperty(r => r.Location, response.Headers.Location.ToString())
                    .SetProperty(r => r.ContentType, response.ContentType)
                    .SetProperty(r => r.Body, buffer.ToArray()), CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or NpgsqlException)
        {
            logger.LogError(e, "Could not store the response for {Header} {Key}", HeaderName, key);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(originalBody, context.RequestAborted);
    }

    static async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        var response = context.Response;
        response.StatusCode = record.StatusCode!.Value;
        if (!string.IsNullOrEmpty(record.Location))
            response.Headers.Location = record.Location;
        if (record.ContentType is not null)
            response.ContentType = record.ContentType;
        response.Headers["Idempotent-Replayed"] = "true";
        if (record.Body is { Length: > 0 })
            await response.Body.WriteAsync(record.Body, context.RequestAborted);
    }

    static async Task<byte[]> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering(RequestBodyLimitMiddleware.MaxBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            hash.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }
}

/// Deletes expired idempotency records once an hour.
public sealed class IdempotencyPurge(IServiceScopeFactory scopes, ILogger<IdempotencyPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ArticlesDb>();
                var now = DateTime.UtcNow;
                await db.Set<IdempotencyRecord>().Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not purge expired idempotency records");
            }
        }
    }
}
