using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// A word that is a stop word in one language and a word in another (`per`: Italian stops it, English indexes it), with many
/// articles of the first language whose own words give the same lexeme (`però` is indexed as `per` in Italian). q matches only
/// the second language's articles; the router must estimate those (the side table's keyed lexemes), not the plain lexeme found
/// in nearly every article: at 1M that estimate sent `per`, `come`, `die`, `for` to a date walk of the whole table (503).
public sealed class SearchStopWordTests(RumWindowApi api) : IClassFixture<RumWindowApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    async Task<(List<Guid> English, List<Guid> Italian)> SeedAsync()
    {
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var italian = await data.AddAsync(Enumerable.Range(0, 60).Select(i => Fakes.Article($"Vertice numero {i}",
            markdown: i % 2 == 0 ? "Però le persone vengono per la pace, come sempre." : "Però il comune tace.",
            publishedAt: now.AddMinutes(-3 * i - 2))).ToList(), _ct);
        var english = await data.AddAsync(Enumerable.Range(0, 5).Select(i => Fakes.Article(i % 2 == 0 ? $"Prices up {i} per cent" : $"Talks number {i}",
            language: "en", markdown: i % 2 == 0 ? "Inflation rose per month." : "They come home, said a person.",
            publishedAt: now.AddMinutes(-7 * i - 1))).ToList(), _ct);
        await using (var db = api.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        return ([.. english.Select(a => a.Id)], [.. italian.Select(a => a.Id)]);
    }

    [Fact]
    public async Task A_Stop_Word_Of_One_Language_Answers_The_Same_Pages_Through_Either_Route()
    {
        var (english, italian) = await SeedAsync();
        string[] queries =
        [
            "q=per", "q=per.", "q=per&sort=-publishedAt", "q=per.&sort=-publishedAt", "q=per&language=en", "q=per&language=it",
            "q=per.&sort=-publishedAt&language=en", "q=per&sort=-publishedAt&language=it", "q=come", "q=come&sort=-publishedAt",
        ];
        foreach (var query in queries)
            foreach (var limit in new[] { 2, 20 })
            {
                api.SetWindow("off");
                var gin = await api.SearchAsync(_client, $"{query}&limit={limit}", _ct);
                api.SetWindow("on");
                var rum = await api.SearchAsync(_client, $"{query}&limit={limit}", _ct, again: true);
                gin.ReadRum.ShouldBeFalse(query);
                rum.Page.ShouldBe(gin.Page, query);
                rum.Next.ShouldBe(gin.Next, query);
                var ids = Ids(gin.Page);
                ids.ShouldNotContain(id => italian.Contains(id), query);
                if (!query.Contains("language=it"))
                    ids.ShouldNotBeEmpty(query);
                if (gin.Next is null)
                    continue;
                var after = $"{query}&limit={limit}&cursor={Uri.EscapeDataString(gin.Next)}";
                api.SetWindow("off");
                var ginNext = await api.SearchAsync(_client, after, _ct);
                api.SetWindow("on");
                var rumNext = await api.SearchAsync(_client, after, _ct, again: true);
                rumNext.Page.ShouldBe(ginNext.Page, after);
                Ids(ginNext.Page).ShouldNotBeEmpty(after);
            }
        english.Count.ShouldBe(5);
    }

    [Fact]
    public async Task The_Router_Sends_A_Stop_Word_Of_The_Common_Language_To_The_Window()
    {
        var (english, _) = await SeedAsync();
        api.SetWindow("auto");

        // A final full stop: no prefix (a table this small has too few frequent lexemes to estimate one). `per` is in nearly
        // every article's vector, `english per` in three of the 65.
        var page = await api.SearchAsync(_client, "q=per.", _ct);
        var none = await api.SearchAsync(_client, "q=per.&language=it", _ct);

        page.ReadRum.ShouldBeTrue();
        // Only the English articles with `per` (the other test's may be there too: the class shares its database).
        Ids(page.Page).ShouldContain(english[0]);
        Ids(page.Page).ShouldContain(english[4]);
        Titles(page.Page).ShouldAllBe(title => title.Contains(" per cent"));
        // Italian parses `per` to nothing: no article of the language filtered on can match, whatever the estimate.
        none.ReadRum.ShouldBeFalse();
        Ids(none.Page).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_Total_Is_Exact_When_The_First_Page_Holds_Every_Match()
    {
        await SeedAsync();
        var configuration = api.Services.GetRequiredService<IConfiguration>();
        // Beyond this many matches SearchTotal answers the planner's estimate: 1 makes it estimate every search here.
        configuration[global::Articles.List.SearchTotal.ExactUpToSetting] = "1";
        try
        {
            foreach (var (query, window) in new[] { ("q=per.&language=it", "auto"), ("q=per.", "auto"), ("q=per.", "off"), ("q=per.&sort=-publishedAt", "off") })
            {
                api.SetWindow(window);
                var response = await _client.GetStringAsync($"/api/v1/articles?{query}&total=true&limit=100", _ct);
                using var json = JsonDocument.Parse(response);
                var meta = json.RootElement.GetProperty("meta");
                meta.GetProperty("total").GetInt32().ShouldBe(json.RootElement.GetProperty("data").GetArrayLength(), query);
                meta.TryGetProperty("totalIsEstimate", out _).ShouldBeFalse(query);
            }
            // A full first page: the count (here the planner's estimate, flagged) as before.
            var full = await _client.GetStringAsync("/api/v1/articles?q=per.&total=true&limit=1", _ct);
            JsonDocument.Parse(full).RootElement.GetProperty("meta").GetProperty("totalIsEstimate").GetBoolean().ShouldBeTrue();
        }
        finally
        {
            configuration[global::Articles.List.SearchTotal.ExactUpToSetting] = null;
        }
    }

    [Fact]
    public async Task Facets_From_A_First_Page_Holding_Every_Match_Are_Those_Of_The_Whole_Search()
    {
        await SeedAsync();
        api.SetWindow("auto");
        string Facets(string json) => JsonDocument.Parse(json).RootElement.GetProperty("meta").GetProperty("facets").GetRawText();
        // limit=100: every match on the first page (its rows are counted); limit=1: a full page (the search's matches are).
        foreach (var query in new[] { "q=per.", "q=come", "q=per&language=it", "q=per.&sort=-publishedAt" })
        {
            var whole = await _client.GetStringAsync($"/api/v1/articles?{query}&facets=tag,author,language,source&limit=100", _ct);
            var paged = await _client.GetStringAsync($"/api/v1/articles?{query}&facets=tag,author,language,source&limit=1", _ct);
            Facets(whole).ShouldBe(Facets(paged), query);
            if (!query.Contains("language=it"))
                Facets(whole).ShouldContain("\"code\":\"en\"", customMessage: query);
        }
    }

    static string[] Titles(string page) => [.. JsonDocument.Parse(page).RootElement.EnumerateArray().Select(a => a.GetProperty("title").GetString()!)];

    static Guid[] Ids(string page) => [.. JsonDocument.Parse(page).RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetGuid())];
}
