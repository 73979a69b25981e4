using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ArticlesApi.Tests.Infrastructure;

/// A test host whose clock stands still until the test moves it (`Time.Advance`): for what depends on
/// time passing (scheduled publication, cache lifetimes, rate-limit windows, idempotency retention),
/// tested without sleeping. It starts at the real time, so rows written with real times (Fakes) sit
/// where they would, on a whole second, so that the microseconds the database keeps lose nothing. The background promotion of scheduled articles is off, so that advancing the clock
/// never races a test; ScheduledPublication.PromoteDueAsync is called where a test needs it.
public sealed class FakeClockApi : ApiFactory
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    public override TimeProvider Clock => Time;

    /// The fake clock's present, as the API stores times.
    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(ArticlesApi.Features.Articles.ScheduledPublication.IntervalSetting, "0");
    }
}
