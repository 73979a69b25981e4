using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Resilience;

namespace ArticlesApi.Infrastructure.Database;

/// Sends public reads to the standby: a GET or HEAD of an endpoint declared `ConditionalRead.Public` (not made private
/// by its PrivateWith parameter), made without a key, while Standby.CanServe says the standby is up, within the lag
/// limit and has replayed every content change this process knows. Writes, every read with a key (reader keys too: the
/// contract, api.md "Many instances", keeps keyed reads on the primary), and everything else stay on the primary.
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
        if (!IsPublicRead(context) || !standby.CanServe(content.SeenSequence))
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

    static bool IsPublicRead(HttpContext context)
    {
        var request = context.Request;
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
               && HttpBehaviour.Of<ConditionalRead>(context) is { Audience: ReadAudience.Public } read && !read.IsPrivateFor(request)
               && request.Headers.Authorization.Count == 0;
    }
}
