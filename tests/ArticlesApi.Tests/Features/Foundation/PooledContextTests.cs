using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Foundation;

/// Both connection pools lend pooled DbContexts; a context keeps its connection object when it goes
/// back to its pool, so each pool must keep its own contexts (docs/decisions/0010-pooled-contexts.md).
public sealed class PooledContextTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_Pool_Lends_Contexts_With_Its_Own_Plan_Settings_Between_Requests_Of_Both_Kinds()
    {
        var plans = api.Services.GetRequiredService<CustomPlans>();
        var client = api.CreateClient();

        for (var round = 0; round < 3; round++)
        {
            // Filtered lists (custom-plan pool) and the front page (main pool), interleaved.
            (await client.GetAsync("/api/v1/articles?tag=no-such-tag", _ct)).EnsureSuccessStatusCode();
            (await client.GetAsync("/api/v1/articles?limit=3", _ct)).EnsureSuccessStatusCode();

            await using (var custom = plans.CreateContext())
            {
                (await SettingAsync(custom, "plan_cache_mode")).ShouldBe("force_custom_plan");
                // Searches' bitmaps stay exact at 1M articles: GIN loses matches of a prefix whose bitmap turns lossy.
                (await SettingAsync(custom, "work_mem")).ShouldBe("64MB");
                // A search's plan is not compiled first: within its 1 s budget JIT never pays (12 of 68 ms at 1M).
                (await SettingAsync(custom, "jit")).ShouldBe("off");
            }
            await using (var scope = api.Services.CreateAsyncScope())
                (await SettingAsync(scope.ServiceProvider.GetRequiredService<ArticlesDb>(), "plan_cache_mode")).ShouldBe("auto");
        }
    }

    Task<string> SettingAsync(ArticlesDb db, string name) =>
        db.Database.SqlQueryRaw<string>("SELECT current_setting({0}) AS \"Value\"", name).SingleAsync(_ct);
}
