using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// SearchAndBitmap (ADR 0034, "andbitmap"): two words each in half the articles of one language, which rarely meet in one
/// article, are routed on q's own estimate (its words ANDed within each language) to GIN's bitmap of the AND and a sort, not
/// to the date walk the words OR'ed would choose, and answer what the walk answers. A database of its own: the routing
/// depends on its statistics.
public sealed class SearchAndBitmapTests(RumWindowApi api) : IClassFixture<RumWindowApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Two_Common_Words_That_Rarely_Meet_Are_Read_By_The_Bitmap_Of_Their_And_And_Answer_The_Same_Pages_As_The_Walk()
    {
        // 70 Italian articles with `vortel`, 70 English with `brimax`; both words in 3 Italian and 2 English ones (spread among
        // the others by date), one Italian with `brimaxi` (the prefix only), one scheduled, one trashed, one draft.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var articles = Enumerable.Range(0, 70).Select(i => Fakes.Article($"Il vortel del giorno {i}", markdown: "Una notizia.",
                publishedAt: now.AddMinutes(-10 - 3 * i)))
            .Concat(Enumerable.Range(0, 70).Select(i => Fakes.Article($"The brimax of the day {i}", language: "en", markdown: "A story.",
                publishedAt: now.AddMinutes(-11 - 3 * i))))
            .Concat(Enumerable.Range(0, 3).Select(i => Fakes.Article($"Vortel e brimax insieme {i}", markdown: "Il vortel incontra il brimax.",
                publishedAt: now.AddMinutes(-40 * i - 5))))
            .Concat(Enumerable.Range(0, 2).Select(i => Fakes.Article($"Brimax meets vortel {i}", language: "en", markdown: "Rarely.",
                publishedAt: now.AddMinutes(-60 * i - 7))))
            .Append(Fakes.Article("Il vortel e i brimaxi", markdown: "Solo il prefisso.", publishedAt: now.AddMinutes(-50)))
            .Append(Fakes.Article("Vortel e brimax domani", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)))
            .Append(Fakes.Article("Vortel e brimax in bozza", status: ArticleStatus.Draft))
            .Append(Fakes.Article("Vortel e brimax cestinato", publishedAt: now.AddMinutes(-1)))
            .ToList();
        await data.AddAsync(articles, _ct);
        var trashed = articles[^1].Id;
        await using (var db = api.Database.CreateContext())
        {
            await db.Articles.Where(a => a.Id == trashed).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now), _ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        }

        string[] queries =
        [
            "q=vortel%20brimax", "q=vortel%20brimax&sort=-publishedAt", "q=brimax%20vortel&total=true", "q=vortel%20brim",
            "q=vortel%20brim&sort=-publishedAt&total=true",
        ];
        api.SetWindow("auto");
        api.SetCore("auto");
        foreach (var query in queries)
            foreach (var limit in new[] { 2, 20 })
            {
                var url = $"{query}&limit={limit}";
                api.SetBitmap("off");
                api.Services.GetRequiredService<ContentGeneration>().Advance();
                var walkId = Guid.NewGuid().ToString("N");
                var walk = await api.SearchAsync(_client, url, _ct, id: walkId);
                api.ReadBitmap(walkId).ShouldBeFalse(url);
                var walkNext = walk.Next is null ? default : await api.SearchAsync(_client, $"{url}&cursor={Uri.EscapeDataString(walk.Next)}", _ct);

                api.SetBitmap("auto");
                api.Services.GetRequiredService<ContentGeneration>().Advance();
                var id = Guid.NewGuid().ToString("N");
                var bitmap = await api.SearchAsync(_client, url, _ct, id: id);
                api.ReadBitmap(id).ShouldBeTrue(url);
                bitmap.ReadRum.ShouldBeFalse(url);
                bitmap.Page.ShouldBe(walk.Page, url);
                bitmap.Next.ShouldBe(walk.Next, url);
                bitmap.Total.ShouldBe(walk.Total, url);
                if (walk.Next is not null && !query.Contains("sort"))
                {
                    var next = await api.SearchAsync(_client, $"{url}&cursor={Uri.EscapeDataString(walk.Next)}", _ct);
                    next.Page.ShouldBe(walkNext.Page, $"{url} (next page)");
                    next.Next.ShouldBe(walkNext.Next, $"{url} (next page)");
                }
                walk.Page.ShouldNotContain("domani", customMessage: url);
                walk.Page.ShouldNotContain("bozza", customMessage: url);
                walk.Page.ShouldNotContain(trashed.ToString(), customMessage: url);
                walk.Page.ShouldNotContain("del giorno", customMessage: url);
                walk.Page.ShouldNotContain("of the day", customMessage: url);
                walk.Page.ShouldContain(limit == 2 ? "\"id\"" : "Brimax meets vortel 1", customMessage: url);
                if (url.Contains("brim&"))
                    (limit == 2 || walk.Page.Contains("brimaxi")).ShouldBeTrue(url);
            }

        // Two words that meet in every Italian article, newest first: the walk finds the first page at once (its matches are
        // above √(n × rows) here; a relevance window of 200 would take the bitmap on a table this small, where it is dearer to walk).
        var common = Guid.NewGuid().ToString("N");
        await api.SearchAsync(_client, "q=vortel%20giorno&sort=-publishedAt&limit=2", _ct, id: common);
        api.ReadBitmap(common).ShouldBeFalse();
    }
}
