using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ArticlesApi.Tests.Infrastructure;

/// A test host whose rate limits and cache invalidation go through a real redis-server started for it and stopped
/// with it; more instances on the same database and Redis come from WithWebHostBuilder. The application's clock is a
/// fake one that stands still unless a test moves it (cache lives); Redis keeps its own time (rate-limit windows).
public sealed class RedisApi : ApiFactory
{
    public RedisServer Redis { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    public override TimeProvider Clock => Time;

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
