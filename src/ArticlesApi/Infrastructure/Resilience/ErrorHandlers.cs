using ArticlesApi.Infrastructure.Http;
using Microsoft.AspNetCore.Diagnostics;
using ArticlesApi.Infrastructure.Database;

namespace ArticlesApi.Infrastructure.Resilience;

/// The one place where an exception becomes an answer: the database being away is 503 with
/// Retry-After (never 500), a client that hung up gets nothing, anything else is a 500 problem.
public sealed class DatabaseUnavailableHandler(DatabasePools pools, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!DatabaseFailures.IsUnavailable(exception))
            return false;
        if (DatabaseFailures.BrokeTheConnection(exception))
        {
            // Every idle pooled connection predates the failure and would fail on first use too.
            pools.Clear();
        }
        logger.LogWarning("Database unavailable for {Method} {Path}: {Error}", context.Request.Method, context.Request.Path.Value,
            exception.GetBaseException().Message);
        await WriteAsync(context);
        return true;
    }

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        return Problems.WriteAsync(context, ProblemTypes.DatabaseUnavailable,
            $"The database is unavailable at the moment. Retry in {RetryAfterSeconds} seconds; retry a POST with the same Idempotency-Key.");
    }
}

/// Kestrel refusing what the client sent while the API reads it: a body arriving slower than
/// MinRequestBodyDataRate (408), over the size limit (413), cut short or malformed (400). The client's
/// fault, answered with the status Kestrel chose, never 500.
public sealed class BadRequestHandler(ILogger<BadRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad)
            return false;
        logger.LogInformation("Bad request body for {Method} {Path}: {Status} {Error}", context.Request.Method, context.Request.Path.Value,
            bad.StatusCode, bad.Message);
        var detail = bad.StatusCode switch
        {
            StatusCodes.Status408RequestTimeout => "The request body arrived too slowly and was abandoned. Send the whole body without pauses.",
            StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {RequestBodyLimitMiddleware.MaxBytes} bytes.",
            _ => "The request body could not be read: it ended early or was not valid HTTP.",
        };
        // Kestrel closes the connection after this answer: the rest of the body is not read.
        await Problems.WriteAsync(context, ProblemTypes.ForStatus(bad.StatusCode), detail, status: bad.StatusCode);
        return true;
    }
}

public sealed class UnexpectedErrorHandler(ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client has gone; nobody reads this answer.
            context.Response.StatusCode = 499;
            return true;
        }
        logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path.Value);
        await Problems.WriteAsync(context, ProblemTypes.InternalError,
            "The server failed to answer this request. It has been logged.");
        return true;
    }
}
