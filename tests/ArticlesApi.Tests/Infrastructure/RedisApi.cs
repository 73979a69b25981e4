using Microsoft.AspNetCore.Hosting;

namespace ArticlesApi.Tests.Infrastructure;

/// A test host whose rate limits and cache invalidation go through a real redis-server started for it and stopped
/// with it; more instances on the same database and Redis come from WithWebHostBuilder.
public sealed class RedisApi : ApiFactory
{
    public RedisServer Redis { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Redis.InitializeAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Redis:Configuration", Redis.Configuration);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
