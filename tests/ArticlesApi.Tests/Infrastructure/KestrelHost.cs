using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Infrastructure;

/// A test class's API (its database, its keys) with settings of its own, on a real Kestrel server on a
/// free loopback port: for what TestServer does not do (client addresses, body data rates, bytes on the wire).
public sealed class KestrelHost : IAsyncDisposable
{
    readonly WebApplicationFactory<Program> _factory;

    KestrelHost(WebApplicationFactory<Program> factory, Uri url)
    {
        _factory = factory;
        Url = url;
    }

    public Uri Url { get; }

    public IServiceProvider Services => _factory.Services;

    public static KestrelHost Start(ApiFactory api, Action<IWebHostBuilder> configure, Action<KestrelServerOptions>? kestrel = null)
    {
        var factory = api.WithWebHostBuilder(configure);
        factory.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            kestrel?.Invoke(o);
        });
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelHost(factory, new Uri(address));
    }

    public HttpClient CreateClient() => new() { BaseAddress = Url };

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
