using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// SearchWindow's narrowed core (ADR 0034, "searchband"): three words of a small language whose core the plain parses' estimate
/// declines (Italian's parse has `guerr`, common in the Italian articles) go to the core window, narrowed per configuration to
/// each arm's rarest word, and answer what the GIN path answers. A database of its own: the routing depends on its statistics.
public sealed class SearchNarrowedCoreTests(RumWindowApi api) : IClassFixture<RumWindowApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Three_Words_Of_A_Small_Language_Go_Through_The_Narrowed_Core_And_Answer_The_Same_Pages_As_The_Gin_Path()
    {
        // 150 Italian articles with `guerra` (a common `guerr` in Italian), 8 French and 3 English with `paix guerre sommet`; the
        // three newest French ones have no word starting `somm`: a window that did not check q, or stopped before, lists them.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var articles = Enumerable.Range(0, 150).Select(i => Fakes.Article($"La guerra del grumvolo {i}", markdown: "Una guerra lunga.",
                publishedAt: now.AddMinutes(-30 - i)))
            .Concat(Enumerable.Range(0, 3).Select(i => Fakes.Article($"Paix et guerre sans rien {i}", language: "fr",
                markdown: "La paix et la guerre.", publishedAt: now.AddMinutes(-1 - i))))
            .Concat(Enumerable.Range(0, 5).Select(i => Fakes.Article($"Paix et guerre au sommet {i}", language: "fr",
                markdown: "Le sommet de la paix.", publishedAt: now.AddMinutes(-5 - i))))
            .Concat(Enumerable.Range(0, 3).Select(i => Fakes.Article($"Paix guerre sommet talks {i}", language: "en",
                markdown: "The sommet.", publishedAt: now.AddMinutes(-11 - i))))
            .Append(Fakes.Article("Paix et guerre au sommet demain", language: "fr", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)))
            .Append(Fakes.Article("Paix et guerre au sommet supprimé", language: "fr", publishedAt: now.AddMinutes(-2)))
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
            "q=paix%20guerre%20somm", "q=paix%20guerre%20somm&sort=-publishedAt", "q=paix%20guerre%20somm&language=fr",
            "q=paix%20guerre%20somm&language=en", "q=paix%20guerre%20somm&total=true", "q=guerre%20paix%20sommet",
        ];
        // The narrowed core's route itself: on a table this small every match read first would cost as little.
        api.SetMatchSet("off");
        foreach (var query in queries)
            foreach (var limit in new[] { 2, 20 })
            {
                var url = $"{query}&limit={limit}";
                api.SetWindow("off");
                api.SetCore("auto");
                var gin = await api.SearchAsync(_client, url, _ct);
                var ginNext = gin.Next is null ? default : await api.SearchAsync(_client, $"{url}&cursor={Uri.EscapeDataString(gin.Next)}", _ct);
                foreach (var mode in new[] { "auto", "on" })
                {
                    api.SetWindow(mode);
                    // `on`: SearchCore's core forced too (the window's `on` takes SearchCore's), narrowed by the window.
                    api.SetCore(mode == "on" ? "on" : "auto");
                    // Another generation: the response cache does not answer it from the previous mode's request.
                    api.Services.GetRequiredService<ContentGeneration>().Advance();
                    var id = Guid.NewGuid().ToString("N");
                    var counts = query.Contains("total");
                    var rum = await api.SearchAsync(_client, $"{url}&status=published{(counts ? "" : "&total=false")}", _ct, id: id);
                    api.CheckedCore(id).ShouldBeTrue($"{mode} {url}");
                    gin.ReadRum.ShouldBeFalse(url);
                    rum.Page.ShouldBe(gin.Page, $"{mode} {url}");
                    rum.Next.ShouldBe(gin.Next, $"{mode} {url}");
                    rum.Total.ShouldBe(gin.Total, $"{mode} {url}");
                    if (gin.Next is not null && !query.Contains("sort"))
                    {
                        var rumNext = await api.SearchAsync(_client, $"{url}&status=published&cursor={Uri.EscapeDataString(gin.Next)}", _ct);
                        rumNext.Page.ShouldBe(ginNext.Page, $"{mode} {url} (next page)");
                        rumNext.Next.ShouldBe(ginNext.Next, $"{mode} {url} (next page)");
                    }
                }
                gin.Page.ShouldNotContain("sans rien", customMessage: url);
                gin.Page.ShouldNotContain(trashed.ToString(), customMessage: url);
                gin.Page.ShouldNotContain("demain", customMessage: url);
                gin.Page.ShouldNotContain("grumvolo", customMessage: url);
                if (limit == 20 && query.Contains("language=fr"))
                    JsonDocument.Parse(gin.Page).RootElement.GetArrayLength().ShouldBe(5, url);
                if (limit == 20 && !query.Contains("language"))
                    JsonDocument.Parse(gin.Page).RootElement.GetArrayLength().ShouldBe(8, url);
            }
        api.SetWindow("auto");
        api.SetCore("auto");
        api.SetMatchSet("auto");
    }
}

/// `total=true` of a search the RUM window answers is counted on the side table (SearchWindow.Window.Matches), exactly as the GIN path counts.
public sealed class SearchWindowTotalTests(RumWindowApi api) : IClassFixture<RumWindowApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_Total_Counted_On_The_Side_Table_Equals_The_Gin_Paths()
    {
        // Italian, Brazilian and English articles with `drovanza` and a Portuguese one (`language=pt-BR` leaves it out); one scheduled, one trashed, one English with `drovanze` only
        // (an Italian form: not a match in English), the newest pages short of every match (limit 2).
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var articles = Enumerable.Range(0, 9).Select(i => Fakes.Article($"La drovanza {i}", language: i % 3 == 0 ? "it" : i % 3 == 1 ? "pt-BR" : "en",
                markdown: "Una notizia.", publishedAt: now.AddMinutes(-1 - i)))
            .Append(Fakes.Article("Drovanze in English", language: "en", publishedAt: now.AddMinutes(-20)))
            .Append(Fakes.Article("A drovanza em Portugal", language: "pt", publishedAt: now.AddMinutes(-21)))
            .Append(Fakes.Article("La drovanza domani", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)))
            .Append(Fakes.Article("La drovanza cestinata", publishedAt: now.AddMinutes(-3)))
            .ToList();
        await data.AddAsync(articles, _ct);
        var trashed = articles[^1].Id;
        await using (var db = api.Database.CreateContext())
            await db.Articles.Where(a => a.Id == trashed).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now), _ct);

        foreach (var query in new[] { "q=drovanza", "q=drovanza&language=it", "q=drovanza&language=pt", "q=drovanza&language=pt-BR", "q=drovanza&sort=-publishedAt", "q=drovanz" })
        {
            var url = $"{query}&total=true&limit=2";
            api.SetWindow("off");
            var gin = await api.SearchAsync(_client, url, _ct);
            api.SetWindow("on");
            api.Services.GetRequiredService<ContentGeneration>().Advance();
            var rum = await api.SearchAsync(_client, url, _ct);
            rum.ReadRum.ShouldBeTrue(url);
            gin.ReadRum.ShouldBeFalse(url);
            rum.Page.ShouldBe(gin.Page, url);
            rum.Total.ShouldBe(gin.Total, url);
            gin.Total.ShouldBe(query switch { "q=drovanza&language=it" => "3", "q=drovanza&language=pt" => "4", "q=drovanza&language=pt-BR" => "3", "q=drovanz" => gin.Total, _ => "10" }, url);
        }
        api.SetWindow("auto");
    }
}
