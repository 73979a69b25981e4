using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Resilience;
using Microsoft.AspNetCore.Authentication;

namespace ArticlesApi.Infrastructure.Database;

/// Sends public reads to the standby: a GET or HEAD of an endpoint declared `ConditionalRead.Public` (not made private
/// by its PrivateWith parameter), anonymous or with a reader key — exactly the reads the response cache shares
/// (ResponseCacheMiddleware) — while Standby.CanServe says the standby is up, within the lag limit and has replayed
/// every content change this process knows. Writes, reads with any other key, and everything else stay on the primary.
/// Behind the response cache, so a hit costs nothing here; in front of the endpoints, which get their ArticlesDb (and
/// CustomPlans contexts) from the route set here.
///
/// A standby that fails under a read (stopped, restarting) is marked unusable and the exception goes on to
/// ReadRetryMiddleware, whose one retry runs in a fresh scope and, with the PrimaryOnly mark, on the primary: no 503
/// and no 500 for a standby that dies mid-request.
public sealed class StandbyReadsMiddleware(RequestDelegate next, Standby standby, ContentGeneration content)
{
    /// Set on a request whose read failed on the standby: its retry goes to the primary.
    sealed class PrimaryOnly
    {
        public static readonly PrimaryOnly Instance = new();
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<PrimaryOnly>() is not null || !await IsPublicReadAsync(context) || !standby.CanServe(content.SeenSequence))
        {
            await next(context);
            return;
        }
        StandbyReads.Current = standby;
        try
        {
            await next(context);
        }
        catch (Exception e) when (DatabaseFailures.IsUnavailable(e) && !context.Response.HasStarted)
        {
            context.Features.Set(PrimaryOnly.Instance);
            if (DatabaseFailures.BrokeTheConnection(e))
                standby.Failed($"a read failed on the standby ({e.GetBaseException().Message})");
            throw;
        }
        finally
        {
            StandbyReads.Current = null;
        }
    }

    static async ValueTask<bool> IsPublicReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || HttpBehaviour.Of<ConditionalRead>(context) is not { Audience: ReadAudience.Public } read || read.IsPrivateFor(request))
            return false;
        if (request.Headers.Authorization.Count == 0)
            return true;
        // Authentication runs once per request (the handler keeps its result); its key lookup is on the primary
        // (DatabaseServices.KeyLookups), so a revoked key fails at once.
        var result = await context.AuthenticateAsync();
        if (result is not { Succeeded: true, Principal: { } user } || !user.IsInRole(RoleNames.Reader))
            return false;
        context.User = user;
        return true;
    }
}
