using ArticlesApi.Data;
using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// When set (environment Auth__BootstrapAdminKey), an admin key with this secret is ensured at start-up.
    public string? BootstrapAdminKey { get; set; }
}

/// Ensures the admin key named by Auth:BootstrapAdminKey exists, so a deployment can script its
/// first calls without a console. A key that an admin revoked stays revoked.
public sealed class BootstrapAdminKey(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<AuthOptions> options,
    ILogger<BootstrapAdminKey> logger) : IHostedService
{
    public const string KeyName = "bootstrap admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var secret = options.Value.BootstrapAdminKey?.Trim();
        if (string.IsNullOrEmpty(secret))
            return;
        if (secret.Length < ApiKeySecrets.MinimumLength)
            throw new InvalidOperationException(
                $"Auth:BootstrapAdminKey must be at least {ApiKeySecrets.MinimumLength} random characters (generate one with `keys create`).");

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArticlesDb>();
        var hash = ApiKeySecrets.Hash(secret);
        var existing = await db.ApiKeys.SingleOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
        if (existing is { RevokedAt: not null })
        {
            logger.LogWarning("Auth:BootstrapAdminKey names a revoked key ({Prefix}); it stays revoked", existing.Prefix);
            return;
        }
        if (existing is not null)
            return;

        db.ApiKeys.Add(new ApiKey { Name = KeyName, Role = Role.Admin, Prefix = ApiKeySecrets.PrefixOf(secret), SecretHash = hash });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created the bootstrap admin key ({Prefix}…)", ApiKeySecrets.PrefixOf(secret));
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another replica created it at the same moment.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
