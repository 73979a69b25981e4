using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Infrastructure.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArticlesApi.Tests.Infrastructure;

/// The real API pipeline over HTTP, on a database of its own: a class fixture, so each test class
/// gets its own database (a copy of the run's migrated template) and its own host, and no class sees
/// another's rows. The tests of one class run one after another and share the host.
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    TestDatabase? _database;

    /// Auth:BootstrapAdminKey for the test host: start-up ensures an admin key with this secret.
    public const string BootstrapAdminKey = "ak_test_bootstrap_admin_key_0123456789abcdefghij";

    static readonly Lock ContractLock = new();
    static Task<OpenApiContract>? _contract;

    /// The document the test hosts serve, as the contract that every answer to the tests is checked
    /// against. Every host runs the same code with the same settings, so the first host that is asked
    /// reads it for the whole run (generating it costs a host about half a second).
    public Task<OpenApiContract> ContractAsync()
    {
        lock (ContractLock)
            return _contract ??= LoadContractAsync();
    }

    async Task<OpenApiContract> LoadContractAsync()
    {
        using var client = CreateDefaultClient();
        return await OpenApiContract.FromJsonAsync(await client.GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath));
    }

    /// A client whose every answer is checked against the OpenAPI document (see ContractCheckingHandler).
    /// The handlers are those of WebApplicationFactory's own CreateClient (the redirect handler buffers
    /// request bodies, so they carry a Content-Length), with the contract check outermost.
    public new HttpClient CreateClient() =>
        CreateDefaultClient(new ContractCheckingHandler(ContractAsync), new RedirectHandler(), new CookieContainerHandler());

    /// After rows written straight to the database (behind the API's recorder): runs the ready-made worker's catch-up and
    /// one content-change poll to their end, so that neither advances the content generation later, between a test's
    /// counted reads (each made a read load the site again: one SQL command more, on a slow machine).
    public Task SettleBackgroundWorkAsync(CancellationToken ct) => SettleBackgroundWorkAsync(Services, ct);

    /// The same for a host made from this one (WithWebHostBuilder): it has its own worker and poller.
    public static async Task SettleBackgroundWorkAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<ArticlesApi.Features.Articles.Ready.ReadySummaryWorker>().CatchUpAsync(ct, wait: true);
        await services.GetRequiredService<ContentChangePoller>().PollAsync(ct);
    }

    /// Media:Path of this host: a temporary directory of its own, deleted with the host.
    public const string MediaBaseUrl = "http://localhost/media";

    public string MediaPath { get; } = Path.Combine(Path.GetTempPath(), $"articles-media-tests-{Guid.NewGuid():N}");

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised");

    protected virtual bool SeedSampleContent => false;

    /// The clock of this host and of the hosts made from it (WithWebHostBuilder, KestrelHost), and of the
    /// rows tests write straight to its database: the system clock, or a fake one (FakeClockApi).
    public virtual TimeProvider Clock => TimeProvider.System;

    public virtual async ValueTask InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _database.Clock = Clock;
        // Starting the host checks the migrations (Database:MigrateOnStartup), as production does.
        Start();
        var generation = Services.GetRequiredService<ContentGeneration>();
        _database.Changed += generation.Advance;
    }

    protected virtual void Start() => _ = Server;

    /// This host's database: a copy of the run's migrated template on the test server, unless a subclass brings its own.
    protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateMigratedAsync("api");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Generous bounds: this machine also runs other engineers' benchmarks, and a slow moment must not
        // fail an unrelated test. OutageTests checks the production bounds on a host of its own.
        builder.UseSetting("ConnectionStrings:Articles", $"{Database.ConnectionString};Timeout=15;Command Timeout=60");
        builder.UseSetting("RequestTimeouts:Seconds", "120");
        // Hundreds of requests from one address per run: the limiter is tested by a host of its own.
        builder.UseSetting("RateLimiting:Enabled", "false");
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:SeedSampleContent", SeedSampleContent.ToString());
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(Clock);
            services.AddHttpContextAccessor();
            services.AddSingleton<SqlCommandCounter>();
            services.AddSingleton<ArticlesApi.Infrastructure.Database.ISqlCommandObserver>(sp => sp.GetRequiredService<SqlCommandCounter>());
            services.ConfigureDbContext<ArticlesDb>((sp, options) => options.AddInterceptors(sp.GetRequiredService<SqlCommandCounter>()));
        });
        builder.UseSetting("Auth:BootstrapAdminKey", BootstrapAdminKey);
        builder.UseSetting("Media:Path", MediaPath);
        // Media URLs are absolute from configuration: the test server's own address, so a URL read back can be fetched as it is.
        builder.UseSetting("Media:PublicBaseUrl", MediaBaseUrl);
        // Receivers in tests listen on loopback; webhook tests drive the worker themselves (WebhookWorker.RunOnceAsync).
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
        builder.UseSetting("Webhooks:PollMilliseconds", "0");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
        if (Directory.Exists(MediaPath))
            Directory.Delete(MediaPath, recursive: true);
        GC.SuppressFinalize(this);
    }
}
