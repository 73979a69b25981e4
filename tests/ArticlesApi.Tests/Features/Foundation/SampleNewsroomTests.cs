using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Foundation;

public sealed class SampleNewsroomTests
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static WebApplicationFactory<Program> Api(TestDatabase database) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:Articles", database.ConnectionString);
            b.UseSetting("Database:MigrateOnStartup", "true");
            b.UseSetting("Database:SeedSampleContent", "true");
        });

    [Fact]
    public async Task Sample_Newsroom_Loads_Once_And_Only_Once()
    {
        await using var database = await TestDatabase.CreateEmptyAsync("seed");

        // Two replicas starting together, then a restart: the newsroom must be inserted exactly once.
        await using (var first = Api(database))
        await using (var second = Api(database))
            await Task.WhenAll(Task.Run(() => first.Server, _ct), Task.Run(() => second.Server, _ct));
        await using (var restarted = Api(database))
            _ = restarted.Server;

        await using var db = database.CreateContext();
        var now = DateTime.UtcNow;
        (await db.Articles.CountAsync(_ct)).ShouldBe(14);
        (await db.Authors.CountAsync(_ct)).ShouldBeGreaterThanOrEqualTo(3);
        (await db.Authors.CountAsync(a => a.Bio != null && a.Bio.Length > 40, _ct)).ShouldBe(await db.Authors.CountAsync(_ct));
        (await db.Tags.CountAsync(_ct)).ShouldBe(10);
        (await db.Sources.Select(s => s.Kind).Distinct().CountAsync(_ct)).ShouldBeGreaterThanOrEqualTo(6);
        (await db.Articles.Select(a => a.Language).Distinct().OrderBy(l => l).ToListAsync(_ct)).ShouldBe(["en", "it"]);
        (await db.Articles.CountAsync(a => a.Status == ArticleStatus.Draft, _ct)).ShouldBeGreaterThanOrEqualTo(1);
        (await db.Articles.CountAsync(a => a.Status == ArticleStatus.Scheduled && a.PublishedAt > now, _ct)).ShouldBe(1);
        (await db.Citations.CountAsync(_ct)).ShouldBeGreaterThanOrEqualTo(12);
        (await db.Articles.CountAsync(a => !a.Authors.Any(), _ct)).ShouldBe(0, "every article has an author");
        var groups = await db.Articles.Where(a => a.TranslationGroupId != null).GroupBy(a => a.TranslationGroupId)
            .Select(g => g.Select(a => a.Language).OrderBy(l => l).ToList()).ToListAsync(_ct);
        groups.Count.ShouldBeGreaterThanOrEqualTo(2);
        groups.ShouldAllBe(g => g.SequenceEqual(new[] { "en", "it" }), "the Italian and English versions of the same stories");
        (await db.TagTranslations.CountAsync(t => t.Language == "en", _ct)).ShouldBe(await db.Tags.CountAsync(_ct), "every tag has an English name");
        (await db.Articles.Select(a => a.Kind).Distinct().CountAsync(_ct)).ShouldBeGreaterThanOrEqualTo(3);
        (await db.Articles.CountAsync(a => a.Featured, _ct)).ShouldBe(1);
    }
}
