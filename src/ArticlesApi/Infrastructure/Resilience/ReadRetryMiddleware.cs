using System.Security.Claims;

namespace ArticlesApi.Infrastructure.Resilience;

/// Safe requests (GET, HEAD) that failed because the database went away are run once more, in a
/// fresh service scope, after a short pause: after a PostgreSQL restart the first use of a pooled
/// connection fails, and the retry gets a new one. Writes are never re-run here; they are atomic, and
/// the client retries them with their Idempotency-Key (docs/decisions/0006).
public sealed class ReadRetryMiddleware(RequestDelegate next, TimeProvider time)
{
    static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    /// A retry is only started this early in the request, so the total stays well under 2 seconds.
    static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(800);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        var started = time.GetTimestamp();
        try
        {
            await next(context);
            return;
        }
        catch (Exception e) when (DatabaseFailures.IsUnavailable(e) && !context.Response.HasStarted
                                  && !context.RequestAborted.IsCancellationRequested
                                  && time.GetElapsedTime(started) < Budget)
        {
            if (DatabaseFailures.BrokeTheConnection(e))
                context.RequestServices.GetRequiredService<Database.DatabasePools>().Clear();
        }

        await Task.Delay(Pause, time, context.RequestAborted);
        await RunAgainAsync(context, next);
    }

    /// Runs `next` once more for a request whose first attempt failed before its answer started.
    public static async Task RunAgainAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.Clear();
        context.User = new ClaimsPrincipal(new ClaimsIdentity());
        // A fresh scope: the first attempt's DbContext and authentication handler hold its failure.
        var original = context.RequestServices;
        await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        try
        {
            await next(context);
        }
        finally
        {
            context.RequestServices = original;
        }
    }
}
