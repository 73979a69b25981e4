using System.Security.Cryptography;
using System.Text;
using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.Idempotency;

/// `Idempotency-Key` on the POSTs declared IdempotentPost, after the IETF draft (draft-ietf-httpapi-idempotency-key-header):
/// the first request inserts an "in progress" row (the primary key lets only one in), runs, and stores
/// its response; a retry with the same key and request replays that response; the same key with
/// another request answers 422; a retry while the first is still running answers 409.
/// The row holds neither the Idempotency-Key nor a readable answer (RecordKeys, StoredAnswer), and one
/// API key's rows stay within Idempotency:MaxBytesPerKey (IdempotencyQuota).
/// The one middleware that captures a whole answer: it must store refusals (4xx) too, which no serializer sees.
public sealed class IdempotencyMiddleware(RequestDelegate next, IOptions<IdempotencyOptions> options, TimeProvider time,
    ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// An "in progress" row older than this belongs to a request that died; a retry may take it over.
    static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    public Task InvokeAsync(HttpContext context) =>
        HttpBehaviour.Of<IdempotentPost>(context) is null ? next(context) : IdempotentAsync(context);

    async Task IdempotentAsync(HttpContext context)
    {
        var apiKeyId = Caller.KeyIdOf(context.User);
        if (!context.Request.Headers.TryGetValue(HeaderName, out var values) || apiKeyId is null)
        {
            await next(context);
            return;
        }
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > MaxKeyLength)
        {
            var reason = $"{HeaderName} must be one value of 1 to {MaxKeyLength} characters.";
            await Problems.WriteAsync(context, ProblemTypes.Validation, reason,
                new Dictionary<string, object?> { ["errors"] = new[] { new { name = HeaderName, reason } } });
            return;
        }
        // The secret that authenticated this request (authentication ran before this middleware).
        var secret = ApiKeySecrets.FromAuthorization(context.Request.Headers.Authorization)
            ?? throw new InvalidOperationException("An authenticated request without a Bearer secret.");
        var keys = RecordKeys.Derive(secret, key);

        var fingerprint = await FingerprintAsync(context.Request, keys);
        // The claim, the endpoint's writes and the stored response share one transaction on the
        // endpoint's own context: either all of them are committed or none is. A commit whose answer
        // was lost (the database went away) leaves a complete record that the client's retry replays,
        // so a write is never applied twice; a failure leaves no claim behind to block the retry.
        // The endpoint joins this transaction without knowing it: ArticlesDb.SaveChangesAsync opens one
        // only when none is open, and an endpoint declared IdempotentPost must not begin its own (EF
        // refuses a second BeginTransaction on a context) — it saves, and this middleware commits.
        var db = context.RequestServices.GetRequiredService<ArticlesDb>();
        var records = db.Set<IdempotencyRecord>();
        await using var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted);

        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var expires = now + Retention;
            // ON CONFLICT: a duplicate is the normal case here, not an error worth an exception. A
            // concurrent duplicate waits here until the first request's transaction ends.
            var inserted = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO idempotency_records (api_key_id, key_hash, fingerprint, size, created_at, expires_at)
                VALUES ({apiKeyId.Value}, {keys.Lookup}, {fingerprint}, 0, {now}, {expires})
                ON CONFLICT DO NOTHING
                """, context.RequestAborted);
            if (inserted == 1)
                break;
            if (attempt >= 3)
                throw new InvalidOperationException($"Could not claim an {HeaderName} record.");

            var existing = await records.AsNoTracking()
                .SingleOrDefaultAsync(r => r.ApiKeyId == apiKeyId && r.KeyHash == keys.Lookup, context.RequestAborted);
            if (existing is null)
                continue;
            if (existing.ExpiresAt <= now || (existing.StatusCode is null && existing.CreatedAt < now - Abandoned))
            {
                await records.Where(r => r.ApiKeyId == apiKeyId && r.KeyHash == keys.Lookup && r.CreatedAt == existing.CreatedAt)
                    .ExecuteDeleteAsync(context.RequestAborted);
                continue;
            }
            await transaction.RollbackAsync(CancellationToken.None);
            if (!CryptographicOperations.FixedTimeEquals(existing.Fingerprint, fingerprint))
            {
                await Problems.WriteAsync(context, ProblemTypes.IdempotencyKeyReused,
                    $"This {HeaderName} was already used for a different request. Use a new key for a new request.");
                return;
            }
            if (existing.StatusCode is not { } status)
            {
                context.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(context, ProblemTypes.IdempotencyInProgress,
                    $"A request with this {HeaderName} is still being processed. Retry later to get its response.");
                return;
            }
            await ReplayAsync(context, keys, status, existing);
            return;
        }

        await RunAndStoreAsync(context, db, transaction, apiKeyId.Value, keys, fingerprint);
    }

    async Task RunAndStoreAsync(HttpContext context, ArticlesDb db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction,
        Guid apiKeyId, RecordKeys keys, byte[] fingerprint)
    {
        const string Endpoint = "endpoint";
        await transaction.CreateSavepointAsync(Endpoint, context.RequestAborted);
        // An exception leaves the transaction uncommitted: disposing it rolls the claim back too.
        using var buffer = await ResponseBuffer.CaptureAsync(context, next);

        var response = context.Response;
        if (response.StatusCode >= 500)
        {
            // A server error is not an answer worth replaying: the client may retry with the same key.
            await transaction.RollbackAsync(CancellationToken.None);
        }
        else
        {
            // A refusal (4xx) is replayed, but whatever the endpoint did before refusing is undone.
            if (response.StatusCode >= 400)
                await transaction.RollbackToSavepointAsync(Endpoint, CancellationToken.None);
            var status = response.StatusCode;
            var answer = StoredAnswer.Seal(keys, status, fingerprint, response.Headers.Location.ToString(), response.ContentType, buffer);
            await db.Set<IdempotencyRecord>().Where(r => r.ApiKeyId == apiKeyId && r.KeyHash == keys.Lookup).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.Answer, answer)
                .SetProperty(r => r.Size, answer.Length), CancellationToken.None);
            await IdempotencyQuota.EnforceAsync(db, apiKeyId, keys.Lookup, answer.Length, time.GetUtcNow().UtcDateTime, options.Value);
            // Committed even if the client has gone: its retry will get this answer.
            await transaction.CommitAsync(CancellationToken.None);
        }

        await ResponseBuffer.SendAsync(context, buffer);
    }

    /// An answer that does not authenticate was damaged or altered in the database: it cannot be
    /// replayed, and running the request again could apply its write twice, so the client is told so
    /// (422: this key will not give an answer again).
    async Task ReplayAsync(HttpContext context, RecordKeys keys, int status, IdempotencyRecord record)
    {
        if (record.Answer is null || StoredAnswer.Open(keys, status, record.Fingerprint, record.Answer) is not { } opened)
        {
            logger.LogWarning("A stored idempotent answer of API key {ApiKeyId} does not authenticate; answered 422", record.ApiKeyId);
            await Problems.WriteAsync(context, ProblemTypes.IdempotencyAnswerLost,
                $"The stored answer to this {HeaderName} cannot be read back (it was damaged). The first request was processed: "
                + "check its result before sending it again with a new key.");
            return;
        }
        context.Response.Headers["Idempotent-Replayed"] = "true";
        await StoredAnswer.WriteAsync(context.Response, status, opened, context.RequestAborted);
    }

    /// HMAC, not a plain hash: a stored fingerprint must not confirm a guess of the request.
    static async Task<byte[]> FingerprintAsync(HttpRequest request, RecordKeys keys)
    {
        request.EnableBuffering(RequestBodyLimitMiddleware.MaxBytes);
        using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, keys.Fingerprint);
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
public sealed class IdempotencyPurge(IServiceScopeFactory scopes, TimeProvider time, ILogger<IdempotencyPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ArticlesDb>();
                var now = time.GetUtcNow().UtcDateTime;
                await db.Set<IdempotencyRecord>().Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not purge expired idempotency records");
            }
        }
    }
}
