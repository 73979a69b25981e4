using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// The worst shapes' caps (ADR 0034, "worstcap"): `total=true` of a window whose matches the side table's statistics put far
/// above the exact limit answers the estimate without counting them; facets take their newest matches from the RUM window.
/// Each class a database of its own: the routing depends on its statistics.
public sealed class SearchTotalUncountedTests(RumWindowApi api) : IClassFixture<RumWindowApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_Window_Whose_Matches_The_Statistics_Put_Far_Above_The_Exact_Limit_Answers_The_Estimate_Without_Counting()
    {
        // `zelvora` in 40 of 60 Italian articles: with the exact limit lowered to 5 the statistics say ~40, over 3 × 5. Each article
        // has words of its own: the statistics estimate a prefix (q's last word) from the common lexemes only when they keep 100.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        await data.AddAsync(Enumerable.Range(0, 60).Select(i => Fakes.Article(i % 3 == 0 ? $"Altro {i}" : $"La zelvora {i}",
            markdown: $"Una notizia, voce{i} e riga{i}.", publishedAt: now.AddMinutes(-1 - i))).ToList(), _ct);
        await using (var db = api.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        var configuration = api.Services.GetRequiredService<IConfiguration>();
        var reads = api.Services.GetRequiredService<RumWindowReads>();
        try
        {
            foreach (var (query, upTo, counted, total, estimated) in new[]
                     {
                         ("q=zelvora", "5", false, (string?)null, true),
                         // With a language filter, its share of its configuration's rows (a configuration may key several languages):
                         // the floor, 40 rows, is past 1.5 × 5 (ADR 0034, "2026-12-06 night, totalfloor").
                         ("q=zelvora&language=it", "5", false, null, true),
                         // Within three times the limit, but the floor past 1.5 × 20: not counted either.
                         ("q=zelvora", "20", false, null, true),
                         // Within both: counted, then estimated (40 > 30) or exact.
                         ("q=zelvora", "30", true, null, true),
                         ("q=zelvora", "50", true, "40", false),
                     })
            {
                configuration[SearchTotalSetting] = upTo;
                var url = $"{query}&total=true&limit=2";
                api.SetWindow("off");
                var gin = await MetaAsync(url, Guid.NewGuid().ToString("N"));
                api.SetWindow("on");
                api.Services.GetRequiredService<ContentGeneration>().Advance();
                var id = Guid.NewGuid().ToString("N");
                var rum = await MetaAsync(url, id);
                reads.ReadFor(id).ShouldBeTrue(url);
                reads.CountedFor(id).ShouldBe(counted, $"{url} (limit {upTo})");
                // Under 50 the GIN path decides on the planner's estimate of the marked query (53 here) and answers it: not compared.
                if (upTo != "50")
                    rum.ShouldBe(gin, $"{url} (limit {upTo})");
                JsonDocument.Parse(rum).RootElement.TryGetProperty("totalIsEstimate", out var flag).ShouldBe(estimated, url);
                if (total is not null)
                    JsonDocument.Parse(rum).RootElement.GetProperty("total").GetRawText().ShouldBe(total, url);
                else
                    JsonDocument.Parse(rum).RootElement.GetProperty("total").GetInt32().ShouldBeGreaterThan(int.Parse(upTo), url);
            }
        }
        finally
        {
            configuration[SearchTotalSetting] = null;
            api.SetWindow("auto");
        }
    }

    const string SearchTotalSetting = "Search:ExactTotalUpTo";

    async Task<string> MetaAsync(string query, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles?{query}");
        request.Headers.Add(SqlCommandCounter.Header, id);
        var response = await _client.SendAsync(request, _ct);
        var json = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, json);
        var meta = JsonDocument.Parse(json).RootElement.GetProperty("meta");
        // The cursor and the page are SearchWindow's tests' business; the counts and flags are this test's.
        return JsonSerializer.Serialize(meta.EnumerateObject().Where(p => p.Name != "nextCursor").ToDictionary(p => p.Name, p => p.Value));
    }
}

public sealed class SearchFacetsWindowTests(RumWindowApi api) : IClassFixture<RumWindowApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Facets_Counted_Over_The_Rum_Windows_Newest_Matches_Equal_The_Gin_Paths_Whatever_The_Pages_Sort()
    {
        // 215 articles with `quendriva`: the newest 200 Italian and French, the 15 oldest English (over the wrong window, or over
        // all 215, the language facet counts English); a scheduled, a trashed one; 5 Spanish with `quendrive` only (no match).
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var articles = Enumerable.Range(0, 215).Select(i => Fakes.Article($"Quendriva {i}", language: i >= 200 ? "en" : i % 4 == 0 ? "fr" : "it",
                markdown: "Una notizia.", publishedAt: now.AddMinutes(-10 - i)))
            .Concat(Enumerable.Range(0, 5).Select(i => Fakes.Article($"Quendrive {i}", language: "es", publishedAt: now.AddMinutes(-1 - i))))
            .Append(Fakes.Article("Quendriva domani", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)))
            .Append(Fakes.Article("Quendriva cestinata", publishedAt: now.AddMinutes(-8)))
            .ToList();
        await data.AddAsync(articles, _ct);
        var trashed = articles[^1].Id;
        await using (var db = api.Database.CreateContext())
        {
            await db.Articles.Where(a => a.Id == trashed).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now), _ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        }

        var reads = api.Services.GetRequiredService<RumWindowReads>();
        // The RUM window's facets: a page's match set would count them among its own newest matches instead.
        api.SetMatchSet("off");
        try
        {
            foreach (var query in new[] { "q=quendriva", "q=quendriva&sort=title", "q=quendriva&sort=-publishedAt", "q=quendriva&sort=publishedAt",
                         "q=quendriva&language=fr&sort=title", "q=quendriva&language=en&sort=-updatedAt", "q=quendr&sort=title" })
            {
                var url = $"{query}&facets=tag,author,language,source&limit=3";
                api.SetWindow("off");
                var gin = await api.SearchAsync(_client, url, _ct);
                var ginFacets = await FacetsAsync(url);
                api.SetWindow("on");
                api.Services.GetRequiredService<ContentGeneration>().Advance();
                var id = Guid.NewGuid().ToString("N");
                var rum = await api.SearchAsync(_client, url, _ct, id: id);
                var rumFacets = await FacetsAsync(url);
                // sort=title and the others never take the window for the page: only the facets read the side table.
                reads.ReadFor(id).ShouldBeTrue(url);
                gin.ReadRum.ShouldBeFalse(url);
                rumFacets.ShouldBe(ginFacets, url);
                rum.Page.ShouldBe(gin.Page, url);
                // The 100 newest matches (Facets.Window): the 5 Spanish (`quendrive`, the same Spanish stem), 71 Italian, 24 French.
                if (query == "q=quendriva&sort=title")
                    ginFacets.ShouldContain("""{"facets":{"tag":[{"slug":"t-""", customMessage: url);
                if (query == "q=quendriva&sort=title")
                    ginFacets.ShouldContain("""count":100}],"language":[{"code":"it","count":71},{"code":"fr","count":24},{"code":"es","count":5}],"source":[]},"facetsApproximate":true}""", customMessage: url);
                if (query.Contains("language=en"))
                    ginFacets.ShouldContain("\"facetsApproximate\":false", customMessage: url);
            }
        }
        finally
        {
            api.SetWindow("auto");
            api.SetMatchSet("auto");
        }
    }

    async Task<string> FacetsAsync(string query)
    {
        api.Services.GetRequiredService<ContentGeneration>().Advance();
        var json = await _client.GetStringAsync($"/api/v1/articles?{query}&total=false", _ct);
        var meta = JsonDocument.Parse(json).RootElement.GetProperty("meta");
        return JsonSerializer.Serialize(new { facets = meta.GetProperty("facets"), facetsApproximate = meta.GetProperty("facetsApproximate") });
    }
}
