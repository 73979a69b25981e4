using Microsoft.AspNetCore.Hosting;

namespace ArticlesApi.Tests.Infrastructure;

/// A test host whose media files go to a temporary directory of its own (filesystem storage), removed on dispose.
public class MediaApi : ApiFactory
{
    public string MediaDirectory { get; } = Directory.CreateTempSubdirectory("media-api-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Media:Storage", "filesystem");
        builder.UseSetting("Media:Path", MediaDirectory);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(MediaDirectory))
            Directory.Delete(MediaDirectory, recursive: true);
    }
}

/// The same host with its media in a bucket of a real S3-compatible server (s3rver) started for it.
public sealed class S3MediaApi : MediaApi
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
