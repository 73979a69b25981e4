using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace ArticlesApi.Infrastructure.Http;

/// Error answers of the API that have no body get a problem (Problems.WriteStatusCodeProblemAsync), as
/// UseStatusCodePages would, with one difference: FastEndpoints starts the response of a body-less answer
/// at once (`Send.NotFoundAsync` calls StartAsync), after which no problem could be written. Here a response
/// starts with its first byte instead. (While a middleware buffered every answer, its buffer hid that.)
public sealed class StatusCodeProblemsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        context.Features.Set<IHttpResponseBodyFeature>(new StartOnFirstByte(body));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
        }

        var response = context.Response;
        if (!response.HasStarted && response.StatusCode is >= 400 and < 600 && response.ContentLength is null
            && string.IsNullOrEmpty(response.ContentType) && ApiRequest.Is(context))
            await Problems.WriteStatusCodeProblemAsync(context);
    }

    sealed class StartOnFirstByte(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
    {
        public Stream Stream => inner.Stream;

        public PipeWriter Writer => inner.Writer;

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => inner.CompleteAsync();

        public void DisableBuffering() => inner.DisableBuffering();

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);
    }
}
