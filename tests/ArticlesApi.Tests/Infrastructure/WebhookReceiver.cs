using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArticlesApi.Tests.Infrastructure;

/// A real HTTP server on a free loopback port that records every webhook request it gets, answering what
/// the test says (204 unless told otherwise).
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Request(string Path, string? Id, string? Timestamp, string? Signature, string Body, IHeaderDictionary Headers);

    readonly WebApplication _app;

    WebhookReceiver(WebApplication app, Uri url) => (_app, Url) = (app, url);

    public Uri Url { get; }

    public ConcurrentQueue<Request> Received { get; } = new();

    /// What to answer: status and body. Default 204.
    public Func<Request, (int Status, string? Body, string? Location)> Answer { get; set; } = _ => (204, null, null);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var headers = context.Request.Headers;
            var request = new Request(context.Request.Path, headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], body,
                new HeaderDictionary(headers.ToDictionary(h => h.Key, h => h.Value)));
            receiver!.Received.Enqueue(request);
            var (status, answer, location) = receiver.Answer(request);
            context.Response.StatusCode = status;
            if (location is not null)
                context.Response.Headers.Location = location;
            if (answer is not null)
                await context.Response.WriteAsync(answer);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, new Uri(address));
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
