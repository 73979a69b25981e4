using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Infrastructure;

/// The API listening on a free loopback port (Kestrel), on a database of its own with the sample
/// newsroom, for clients outside this process: the generated TypeScript client and the browser.
public sealed class LiveApi : ApiFactory
{
    public LiveApi() => UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));

    protected override bool SeedSampleContent => true;

    public string Url { get; private set; } = "";

    protected override void Start()
    {
        StartServer();
        Url = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }
}
