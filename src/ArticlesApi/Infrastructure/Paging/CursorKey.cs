using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Resilience;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.Paging;

/// The HMAC key of cursors: `Paging:CursorKey` when set, otherwise this installation's own random key,
/// made by the first instance that starts and read from the database by every other one. Loaded once at
/// start-up (CursorKeyLoader); requests never read it from the database.
public sealed class CursorKey(IOptions<PagingOptions> options, InstallationSecrets secrets, ILogger<CursorKey> logger)
{
    public const string SecretName = "paging.cursor-key";
    public const int GeneratedBytes = 32;

    byte[]? _key = string.IsNullOrEmpty(options.Value.CursorKey) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.CursorKey));
    Task? _loading;
    Exception? _lastFailure;

    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.CursorKey);

    /// The key; without it (the start-up load failed: database away or not migrated) a new load is
    /// started and this request answers 503, so the API recovers by itself once the database is back.
    public byte[] Current => Volatile.Read(ref _key) ?? throw Unavailable();

    public async Task LoadAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _key) is not null)
            return;
        try
        {
            Interlocked.CompareExchange(ref _key, await secrets.GetOrCreateAsync(SecretName, GeneratedBytes, ct), null);
            logger.LogInformation("Cursor key: this installation's own ({Secret} in installation_secrets)", SecretName);
        }
        catch (DbException e)
        {
            _lastFailure = e;
            logger.LogWarning("The cursor key could not be read from the database ({Error}); a list that reads or writes a cursor answers 503 until it can",
                e.Message);
        }
    }

    Exception Unavailable()
    {
        var loading = Volatile.Read(ref _loading);
        if (loading is null || loading.IsCompleted)
            Interlocked.CompareExchange(ref _loading, Task.Run(() => LoadAsync(CancellationToken.None)), loading);
        return new CursorKeyUnavailableException(_lastFailure);
    }
}

public sealed class CursorKeyUnavailableException(Exception? cause)
    : Exception("The cursor key is not loaded yet: the database was unreachable or not migrated when the API started.", cause);

/// Answers like any other moment without the database: 503 with Retry-After, never 500.
sealed class CursorKeyUnavailableHandler(ILogger<CursorKeyUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not CursorKeyUnavailableException)
            return false;
        logger.LogWarning("{Error} ({Cause})", exception.Message, exception.InnerException?.Message);
        await DatabaseUnavailableHandler.WriteAsync(context);
        return true;
    }
}

/// Reads the generated cursor key before the server takes requests (hosted services start before it);
/// `keys create` never starts the host, so it never needs the table.
sealed class CursorKeyLoader(CursorKey key) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => key.IsConfigured ? Task.CompletedTask : key.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// A configured key shorter than this is refused at start-up: a short phrase can be guessed offline from
/// one cursor, and anyone who guesses it can sign cursors.
sealed class PagingOptionsValidation : IValidateOptions<PagingOptions>
{
    public const int MinimumKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, PagingOptions options) =>
        options.CursorKey is { Length: > 0 and < MinimumKeyLength }
            ? ValidateOptionsResult.Fail(
                $"Paging:CursorKey must be at least {MinimumKeyLength} random characters (or unset: the API then makes a key of its own, stored in the database).")
            : ValidateOptionsResult.Success;
}
