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
/// A read that fails on the standby (it was stopped or is restarting; a conflict with its WAL replay cancelled the
/// query) is run again at once on the primary, in a fresh scope (ReadRetryMiddleware.RunAgainAsync): no 503 and no 500
/// for a standby that dies mid-request. A lost connection also marks the standby unusable until the next check finds it.
public sealed class StandbyReadsMiddleware(RequestDelegate next, Standby standby, ContentGeneration content)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!await IsPublicReadAsync(context) || !standby.CanServe(content.SeenSequence))
        {
            await next(context);
            return;
        }
        StandbyReads.Current = standby;
        try
        {
            await next(context);
            return;
        }
        catch (Exception e) when ((DatabaseFailures.IsUnavailable(e) || IsRecoveryConflict(e)) && !context.Response.HasStarted
                                  && !context.RequestAborted.IsCancellationRequested)
        {
            if (DatabaseFailures.BrokeTheConnection(e))
                standby.Failed($"a read failed on the standby ({e.GetBaseException().Message})");
        }
        finally
        {
            StandbyReads.Current = null;
        }
        await ReadRetryMiddleware.RunAgainAsync(context, next);
    }

    /// A hot standby cancels a query whose snapshot still needs rows that the replay of the primary's vacuum removes
    /// (hot_standby_feedback makes it rare): SQLSTATE 40001, or 40P01 for a lock or buffer pin it waited on.
    static bool IsRecoveryConflict(Exception e) =>
        e.GetBaseException() is Npgsql.PostgresException { SqlState: "40001" or "40P01" };

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
