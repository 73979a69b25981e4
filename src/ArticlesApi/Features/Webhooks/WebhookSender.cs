using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ArticlesApi.Features.Webhooks;

/// Sends due deliveries. A delivery is claimed (FOR UPDATE SKIP LOCKED, then leased: its next attempt is
/// moved past this attempt's end) so that no two workers, on any instance, send it at once; a worker that
/// dies mid-attempt leaves it to be sent again when the lease ends (at least once, the same `webhook-id`).
/// The outcome is recorded only by the attempt that claimed it (attempts unchanged since).
public sealed class WebhookSender : IDisposable
{
    /// How much of a receiver's answer is read and kept in the delivery log.
    public const int MaxAnswerBytes = 1024;

    readonly NpgsqlDataSource _dataSource;
    readonly WebhookSecrets _secrets;
    readonly TimeProvider _time;
    readonly WebhookOptions _options;
    readonly HttpClient _http;

    public WebhookSender(NpgsqlDataSource dataSource, WebhookSecrets secrets, TimeProvider time, IOptions<WebhookOptions> options)
    {
        _dataSource = dataSource;
        _secrets = secrets;
        _time = time;
        _options = options.Value;
        var timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
        var allowPrivate = _options.AllowPrivateNetworks;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 16,
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
        })
        { Timeout = timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("ArticlesApi-Webhooks/1");
    }

    /// Connects only to an address the webhook may reach, checked on what the name resolves to now.
    static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = addresses.Where(a => allowPrivate || WebhookTargets.IsPublic(a)).ToList();
        if (allowed.Count == 0)
            throw new HttpRequestException($"Refused: {endpoint.Host} resolves to no public address ({string.Join(", ", addresses.Select(a => a.ToString()))}).");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync([.. allowed], endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    sealed record Claimed(Guid Id, Guid WebhookId, string MessageId, string Payload, int Attempts, DateTime CreatedAt, string Url, byte[] SealedSecret);

    /// Claims up to `limit` due deliveries and sends them together; returns how many it claimed.
    public async Task<int> SendDueAsync(int limit, CancellationToken ct)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claimed = new List<Claimed>();
        await using (var connection = await _dataSource.OpenConnectionAsync(ct))
        await using (var claim = new NpgsqlCommand("""
            WITH due AS (
                SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND w.enabled
                ORDER BY d.next_attempt_at, d.sequence
                LIMIT $2
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_deliveries d SET attempts = d.attempts + 1, last_attempt_at = $1, next_attempt_at = $3
            FROM due, webhooks w
            WHERE d.id = due.id AND w.id = d.webhook_id
            RETURNING d.id, d.webhook_id, d.message_id, d.payload, d.attempts, d.created_at, w.url, w.sealed_secret
            """, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            // The lease: longer than an attempt can take.
            claim.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.AddSeconds(_options.TimeoutSeconds * 2 + 30) });
            await using var reader = await claim.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                claimed.Add(new Claimed(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                    reader.GetDateTime(5), reader.GetString(6), reader.GetFieldValue<byte[]>(7)));
        }
        await Task.WhenAll(claimed.Select(c => AttemptAsync(c, ct)));
        return claimed.Count;
    }

    async Task AttemptAsync(Claimed delivery, CancellationToken ct)
    {
        string secret;
        try
        {
            secret = await _secrets.OpenAsync(delivery.WebhookId, delivery.SealedSecret, ct);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            await RecordAsync(delivery, null, "The signing secret could not be decrypted (was Webhooks:SecretKey changed?): nothing was sent.", ct);
            return;
        }
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(WebhookSecrets.SigningKey(secret), delivery.MessageId, timestamp, delivery.Payload));
        int? status = null;
        string answer;
        // HttpClient.Timeout ends at the headers (ResponseHeadersRead): this bounds the reading of the answer too, so
        // an attempt always ends well within its lease and no other worker sends the delivery while it runs.
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            status = (int)response.StatusCode;
            answer = await ReadStartAsync(response, attempt.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException && !ct.IsCancellationRequested)
        {
            answer = e is OperationCanceledException ? $"No answer within {_options.TimeoutSeconds} s." : e.GetBaseException().Message;
        }
        await RecordAsync(delivery, status, answer, ct);
    }

    /// At most MaxAnswerBytes of the body: a receiver cannot make the worker read (or store) more.
    static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxAnswerBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
            read += n;
        return Encoding.UTF8.GetString(buffer, 0, read).Replace("\0", "");
    }

    async Task RecordAsync(Claimed delivery, int? status, string answer, CancellationToken ct)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var succeeded = status is >= 200 and < 300;
        DateTime? next = null;
        var outcome = "succeeded";
        if (!succeeded)
        {
            next = now + RetryDelay(delivery.Attempts);
            outcome = next <= delivery.CreatedAt.AddHours(_options.RetryHours) ? "pending" : "failed";
            if (outcome == "failed")
                next = null;
            if (status is >= 300 and < 400)
                answer = $"Redirects are not followed. {answer}";
        }
        await using var batch = _dataSource.CreateBatch();
        var update = new NpgsqlBatchCommand("""
            UPDATE webhook_deliveries SET status = $2, next_attempt_at = $3, last_status_code = $4, last_response = $5,
                delivered_at = CASE WHEN $2 = 'succeeded' THEN $6 END
            WHERE id = $1 AND attempts = $7
            """);
        update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = delivery.Id });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = outcome });
        update.Parameters.Add(new NpgsqlParameter<DateTime?> { TypedValue = next });
        update.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = status });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = answer.Length > 2000 ? answer[..2000] : answer });
        update.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = delivery.Attempts });
        batch.BatchCommands.Add(update);
        // A success ends a run of failures; failures for Webhooks:DisableAfterHours disable the webhook.
        var health = new NpgsqlBatchCommand(succeeded
            ? "UPDATE webhooks SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL"
            : """
              UPDATE webhooks SET failing_since = coalesce(failing_since, $2),
                  enabled = enabled AND coalesce(failing_since, $2) > $3,
                  disabled_at = CASE WHEN enabled AND coalesce(failing_since, $2) <= $3 THEN $2 ELSE disabled_at END,
                  disabled_reason = CASE WHEN enabled AND coalesce(failing_since, $2) <= $3 THEN $4 ELSE disabled_reason END
              WHERE id = $1
              """);
        health.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = delivery.WebhookId });
        if (!succeeded)
        {
            health.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            health.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.AddHours(-_options.DisableAfterHours) });
            health.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"Every delivery failed for {_options.DisableAfterHours} hours." });
        }
        batch.BatchCommands.Add(health);
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// FirstRetrySeconds after the first attempt, doubling each time, at most MaxRetryDelayMinutes.
    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(_options.FirstRetrySeconds * Math.Pow(2, Math.Min(attempts - 1, 30)), _options.MaxRetryDelayMinutes * 60));

    public void Dispose() => _http.Dispose();
}
