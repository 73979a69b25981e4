using System.Security.Claims;
using System.Text.Encodings.Web;
using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Infrastructure.Auth;

/// `Authorization: Bearer ak_…`. The key is looked up on every request (no cache), so a revoked key
/// stops working at once. Keys are only ever read from the Authorization header, never the query string.
/// A key that passes is remembered in VerifiedKeys, which is all the rate limiter trusts (it runs first).
/// The handler is made for every request; its key look-up context only when a key is sent (a pooled context's lease
/// and reset were a visible part of an anonymous read's CPU).
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, VerifiedKeys verified)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        var secret = ApiKeySecrets.FromAuthorization(header);
        if (secret is null)
            return AuthenticateResult.Fail("The Authorization header must use the Bearer scheme.");

        if (!ApiKeySecrets.CouldBeKey(secret))
            return AuthenticateResult.Fail("Invalid API key.");

        var hash = ApiKeySecrets.Hash(secret);
        var db = Context.RequestServices.GetRequiredKeyedService<ArticlesDb>(Database.DatabaseServices.KeyLookups);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Role, k.AuthorId, k.SecretHash })
            .SingleOrDefaultAsync(Context.RequestAborted);
        // The index finds the row by hash; the comparison that decides is constant-time.
        if (key is null || !ApiKeySecrets.Matches(secret, key.SecretHash))
        {
            verified.Forget(hash);
            return AuthenticateResult.Fail("Invalid or revoked API key.");
        }
        verified.Remember(hash, key.Id, key.Role == Domain.Role.Reader);

        List<Claim> claims =
        [
            new(Caller.KeyIdClaim, key.Id.ToString()),
            new(ClaimTypes.Role, RoleNames.Of(key.Role)),
        ];
        if (key.AuthorId is { } authorId)
            claims.Add(new Claim(Caller.AuthorIdClaim, authorId.ToString()));
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message ?? "This action needs an API key: send it as `Authorization: Bearer <key>`.";
        await Problems.WriteAsync(Context, ProblemTypes.Unauthorized, detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, ProblemTypes.Forbidden, "This API key's role does not allow this action.");
}
