using System.Text.Json.Nodes;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// `total=true` past the exact limit by the side table's statistics alone (ADR 0034, "2026-12-06 night, totalfloor"): when the most
/// common lexeme of q's arms is in more than 1.5× the limit's rows, no count is sent and the estimate is answered, flagged;
/// below, the matches are counted as before. A database of its own: the answers depend on its statistics.
public sealed class SearchTotalFloorTests(SearchParseApi api) : IClassFixture<SearchParseApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_Total_Whose_Words_Are_Known_Past_The_Limit_Is_Estimated_Without_A_Count()
    {
        // 40 public Italian articles with `brenvalde`, 20 without; a scheduled one with it.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        await data.AddAsync(Enumerable.Range(0, 60).Select(i => Fakes.Article(i < 40 ? $"Brenvalde {i}" : $"Cronaca {i}",
            markdown: "La cronaca del giorno.", publishedAt: now.AddMinutes(-5 - i))).ToList(), _ct);
        await data.AddAsync(Fakes.Article("Brenvalde domani", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)), _ct);
        await using (var db = api.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        var configuration = api.Services.GetRequiredService<IConfiguration>();
        // `off`: no window, the keyed count's floor; `rum`: the RUM window's (every word counted rare).
        foreach (var route in new[] { "off", "rum" })
        {
            api.SetWindow(route == "off" ? "off" : "auto");
            api.SetMatchSet("off");
            configuration[global::Articles.List.SearchWindow.UpToSetting] = route == "rum" ? "2" : null;
            try
            {
                // (query, exact limit, counted): the floor is 41 rows (the scheduled one too), past 1.5 × 20 where the estimate
                // (41, under 3 × 20) would count; an `and` has none.
                foreach (var (query, exactUpTo, counted) in new[]
                {
                    ("q=brenvalde", 20, false), ("q=brenva", 20, false), ("q=brenvalde&language=it", 10, false),
                    ("q=brenvalde", 30, true), ("q=brenvalde", 100, true), ("q=brenvalde cronaca", 20, true),
                })
                {
                    configuration[global::Articles.List.SearchTotal.ExactUpToSetting] = exactUpTo.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var url = $"/api/v1/articles?{query}&limit=2&total=true";
                    var (body, id) = await api.GetUncachedAsync(_client, url, _ct);
                    var meta = JsonNode.Parse(body)!["meta"]!;
                    var (total, estimated) = ((int)meta["total"]!, meta["totalIsEstimate"] is { } flag && (bool)flag);
                    const int matches = 40;
                    if (estimated)
                        total.ShouldBeGreaterThan(exactUpTo, url);
                    else
                        total.ShouldBe(matches, url);
                    estimated.ShouldBe(matches > exactUpTo, url);
                    api.Statements(id).Any(s => s.Contains("count(*)")).ShouldBe(counted, $"{route}: {url}");
                }
            }
            finally
            {
                configuration[global::Articles.List.SearchTotal.ExactUpToSetting] = null;
                configuration[global::Articles.List.SearchWindow.UpToSetting] = null;
                api.SetWindow("auto");
                api.SetMatchSet("auto");
            }
        }
    }
}
