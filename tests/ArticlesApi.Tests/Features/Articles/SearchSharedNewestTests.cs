using System.Text.Json.Nodes;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// A search page by relevance, or a first page newest first, that asks for facets: both count over the newest matches, so those
/// are read once (ADR 0034, "2026-12-06 night, sharednewest"), and the page and the facets answer what each answers alone.
/// A database of its own: the routing depends on its statistics.
public sealed class SearchSharedNewestTests(SearchParseApi api) : IClassFixture<SearchParseApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_Page_And_Its_Facets_Read_The_Newest_Matches_Once_And_Answer_As_Each_Alone()
    {
        // 110 articles with `velmorant` (past the facets' window of 100, so the 101st decides facetsApproximate), in three
        // languages, under three tags by turns, a minute apart; a scheduled, a draft and a trashed one.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        Tag[] tags = [Fakes.Tag("velmorant-a"), Fakes.Tag("velmorant-b"), Fakes.Tag("velmorant-c")];
        for (var t = 0; t < tags.Length; t++)
            await data.AddAsync(Enumerable.Range(0, 110).Where(i => i % 3 == t).Select(i =>
                Fakes.Article($"Velmorant {i}", language: i % 5 == 0 ? "en" : i % 5 == 1 ? "es" : "it",
                    markdown: i % 2 == 0 ? "Velmorant e ancora velmorant." : "Il punto.", publishedAt: now.AddMinutes(-5 - i))).ToList(), _ct, tags[t]);
        await data.AddHiddenAsync("Velmorant", now.AddMinutes(-6), now, _ct);
        await using (var db = api.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        const string all = "facets=tag,author,language,source";
        string[] queries =
        [
            $"q=velmorant&{all}", $"q=velmorant&limit=100&{all}", $"q=velmorant&sort=relevance&limit=3&facets=language,tag",
            $"q=velmorant&sort=-publishedAt&limit=5&{all}", $"q=velmorant&sort=-publishedAt&limit=100&facets=tag",
            $"q=velmor&language=it&facets=language,tag", $"q=velmorant&tag={tags[1].Slug}&sort=-publishedAt&limit=4&facets=tag",
        ];
        // `off`: every route off (the RUM window, every match read first), the newest matches read from q itself; `rum`: the RUM
        // window's newest whatever the statistics (every word counted rare); `auto`: as routed.
        var configuration = api.Services.GetRequiredService<IConfiguration>();
        foreach (var routes in new[] { "off", "rum", "auto" })
        {
            api.SetWindow(routes == "off" ? "off" : "auto");
            api.SetMatchSet(routes == "auto" ? "auto" : "off");
            configuration[global::Articles.List.SearchWindow.UpToSetting] = routes == "rum" ? "2" : null;
            try
            {
                foreach (var query in queries)
                {
                    var url = $"/api/v1/articles?{query}";
                    var (shared, id) = await api.GetUncachedAsync(_client, url, _ct);
                    var (page, _) = await api.GetUncachedAsync(_client, url.Replace($"&{all}", "").Replace("&facets=language,tag", "").Replace("&facets=tag", ""), _ct);
                    var (facets, _) = await api.GetUncachedAsync(_client, $"{url}&sort=title".Replace("&sort=relevance", "").Replace("&sort=-publishedAt", ""), _ct);
                    var (sharedBody, pageBody, facetsBody) = (JsonNode.Parse(shared)!, JsonNode.Parse(page)!, JsonNode.Parse(facets)!);
                    sharedBody["data"]!.ToJsonString().ShouldBe(pageBody["data"]!.ToJsonString(), url);
                    sharedBody["meta"]!["nextCursor"]?.ToJsonString().ShouldBe(pageBody["meta"]!["nextCursor"]?.ToJsonString(), url);
                    sharedBody["meta"]!["facets"]!.ToJsonString().ShouldBe(facetsBody["meta"]!["facets"]!.ToJsonString(), url);
                    sharedBody["meta"]!["facetsApproximate"]!.ToJsonString().ShouldBe(facetsBody["meta"]!["facetsApproximate"]!.ToJsonString(), url);
                    foreach (var gone in new[] { "domani", "bozza", "cestinato" })
                        shared.ShouldNotContain(gone, Case.Insensitive, url);
                    // One statement reads q's newest matches (on q itself, or from the RUM window's dates); the page and the
                    // facets read them by their ids.
                    if (routes == "off" && !query.Contains("tag="))
                        api.IdArrays(id).Count(s => s.Ids == 0 && s.Text.Contains("FROM articles") && s.Text.Contains("ORDER BY a.published_at DESC"))
                            .ShouldBe(1, url);
                    api.Statements(id).Count(s => s.Contains("ORDER BY d.published_at <=|")).ShouldBeLessThanOrEqualTo(1, url);
                    if (routes == "rum" && !query.Contains("tag="))
                        api.Statements(id).ShouldContain(s => s.Contains("ORDER BY d.published_at <=|"), url);
                }
                // More than the facets' window matched: approximate, counted over the newest 100.
                var (wide, _) = await api.GetUncachedAsync(_client, $"/api/v1/articles?q=velmorant&{all}", _ct);
                ((bool)JsonNode.Parse(wide)!["meta"]!["facetsApproximate"]!).ShouldBeTrue();
            }
            finally
            {
                configuration[global::Articles.List.SearchWindow.UpToSetting] = null;
                api.SetWindow("auto");
                api.SetMatchSet("auto");
            }
        }
    }
}
