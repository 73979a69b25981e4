using System.Collections.Concurrent;
using System.Net;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Paging;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArticlesApi.Tests.Features.Security;

/// Secrets never reach the logs, at any level: not the Authorization header, not a key's secret (the
/// bootstrap one, one sent on a request, one just created and replayed, the Idempotency-Key that derives
/// the key of its stored answer), not even when the database is away.
public sealed class SecretLoggingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_Secret_Appears_In_Any_Log_Message()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = api.WithWebHostBuilder(b =>
        {
            foreach (var category in new[] { "Default", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Npgsql" })
                b.UseSetting($"Logging:LogLevel:{category}", "Trace");
            b.ConfigureServices(s => s.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        });
        var admin = await api.AdminAsync();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", admin.Secret);
        var stranger = host.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new("Bearer", "ak_wrong_secret_that_must_not_be_logged_0123456789");

        var idempotencyKey = $"logged-idempotency-key-{Guid.NewGuid():N}";
        var created = await client.PostJsonAsync("/api/v1/keys", new { name = "logged?", role = "editor" }, idempotencyKey);
        var newSecret = (await created.JsonAsync()).GetProperty("secret").GetString()!;
        var replayed = await client.PostJsonAsync("/api/v1/keys", new { name = "logged?", role = "editor" }, idempotencyKey);
        (await client.GetAsync("/api/v1/keys", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stranger.GetAsync("/api/v1/articles", _ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostJsonAsync("/api/v1/tags", new { nome = "typo" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        replayed.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        logs.Messages.Count.ShouldBeGreaterThan(10, "the capture works");
        foreach (var secret in new[] { admin.Secret, newSecret, ApiFactory.BootstrapAdminKey, "ak_wrong_secret_that_must_not_be_logged", idempotencyKey })
            logs.Messages.Where(m => m.Contains(secret, StringComparison.Ordinal)).ShouldBeEmpty($"a secret in the logs: {secret[..6]}…");
        logs.Messages.Where(m => m.Contains("Bearer ak_", StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty();
        // The cursor key this host read at start-up, in any of the forms a log line could show it.
        await using var db = api.Database.CreateContext();
        var cursorKey = await db.Set<InstallationSecret>().Where(s => s.Name == CursorKey.SecretName).Select(s => s.Value).SingleAsync(_ct);
        foreach (var form in new[] { Convert.ToBase64String(cursorKey), Convert.ToHexString(cursorKey), System.Buffers.Text.Base64Url.EncodeToString(cursorKey) })
            logs.Messages.Where(m => m.Contains(form, StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty("the cursor key in the logs");
    }

    sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                provider.Messages.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                provider.Messages.Enqueue($"{category} {logLevel}: {formatter(state, exception)} [{values}] {exception}");
            }
        }
    }
}
