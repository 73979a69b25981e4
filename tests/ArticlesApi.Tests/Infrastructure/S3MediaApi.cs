using Microsoft.AspNetCore.Hosting;

namespace ArticlesApi.Tests.Infrastructure;

/// A test host whose media go to a bucket of a real S3-compatible server (s3rver) started for it and stopped with it.
public sealed class S3MediaApi : ApiFactory
{
    public S3Server S3 { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await S3.InitializeAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (name, value) in S3.Settings)
            builder.UseSetting(name, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await S3.DisposeAsync();
    }
}
