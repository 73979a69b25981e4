using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// The language walk (ADR 0034, "2026-12-06 midday, languagewalk"): `sort=title` or `-updatedAt` of a word common in one language walks
/// that language's articles in that order, the other languages' few matches read by their GIN indexes, merged in the order; it
/// answers what the walk of every article in the order answers, on every page. A database of its own: the routing depends on its statistics.
public sealed class SearchLanguageWalkTests(SearchParseApi api) : IClassFixture<SearchParseApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_Word_Common_In_One_Language_Sorted_By_Title_Or_Last_Change_Answers_As_The_Walk_Of_Every_Article()
    {
        // 30 Italian `Accordo …` titles first (one with `tratado`), 24 Spanish `Zona …` titles after them (`tratado` in two of
        // three), 12 English `Memo …` (`tratado` in one in four); a scheduled, a draft and a trashed Spanish one with it.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var articles = Enumerable.Range(0, 30).Select(i => Fakes.Article($"Accordo {i:00}", markdown: i == 7 ? "Il tratado di pace." : "Il punto.",
                publishedAt: now.AddMinutes(-5 - i)))
            .Concat(Enumerable.Range(0, 24).Select(i => Fakes.Article($"Zona {i:00}", language: "es",
                markdown: i % 3 != 0 ? "El tratado firmado." : "Un resumen.", publishedAt: now.AddMinutes(-7 - 3 * i))))
            .Concat(Enumerable.Range(0, 12).Select(i => Fakes.Article($"Memo {i:00}", language: "en",
                markdown: i % 4 == 0 ? "The tratado clause." : "A note.", publishedAt: now.AddMinutes(-9 - 2 * i))))
            // German, where q matches nothing: its estimate (a word the statistics do not hold, guessed) under the walk's bound, a
            // language the walk reads from the side table's terms when it routes on the estimates.
            .Concat(Enumerable.Range(0, 60).Select(i => Fakes.Article($"Vertrag {i:00}", language: "de", markdown: "Ein Vertrag.",
                publishedAt: now.AddMinutes(-4 - i))))
            .ToList();
        await data.AddAsync(articles, _ct);
        var hidden = await data.AddAsync(
        [
            Fakes.Article("Zona mañana", language: "es", markdown: "El tratado.", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)),
            Fakes.Article("Zona borrador", language: "es", markdown: "El tratado.", status: ArticleStatus.Draft),
            Fakes.Article("Zona papelera", language: "es", markdown: "El tratado.", publishedAt: now.AddMinutes(-1)),
        ], _ct);
        await using (var db = api.Database.CreateContext())
        {
            await db.Articles.Where(a => a.Id == hidden[2].Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now), _ct);
            // Last changed when published, but `Accordo 07`, changed after every other: first newest changed first.
            var ids = articles.Select(a => a.Id).ToArray();
            await db.Articles.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, a => a.PublishedAt!.Value), _ct);
            await db.Articles.Where(a => a.Id == articles[7].Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, now.AddMinutes(1)), _ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        }
        api.SetWindow("auto");
        api.SetCore("auto");
        string[] queries =
        [
            "q=tratado&sort=title", "q=trat&sort=title", "q=tratado%20or%20accordo&sort=title", "q=tratado&sort=title&total=true&facets=language",
            "q=tratado&sort=-updatedAt", "q=trat&sort=-updatedAt&total=true",
        ];
        foreach (var query in queries)
            foreach (var limit in new[] { 2, 5, 20 })
            {
                var url = $"/api/v1/articles?{query}&limit={limit}";
                var before = await CompareAsync(url);
                // The Italian and English matches' titles come first (`Accordo 07`, `Memo …`), the Spanish ones after them.
                before.ShouldContain(query.Contains("updatedAt") ? "Accordo 07" : query == "q=tratado&sort=title" && limit == 20 ? "Zona" : "Accordo", customMessage: url);
                foreach (var gone in new[] { "mañana", "borrador", "papelera" })
                    before.ShouldNotContain(gone, customMessage: url);
                // Every page after it, to the last.
                for (var next = SearchParseApi.NextCursor(before); next is not null;)
                {
                    var page = await CompareAsync($"{url}&cursor={Uri.EscapeDataString(next)}");
                    next = SearchParseApi.NextCursor(page);
                }
            }
        _rareRead.ShouldBeGreaterThan(0);
        Set("auto");
    }

    [Fact]
    public async Task A_Filtered_Search_Sorted_By_Title_Or_Last_Change_Walks_Each_Language_With_The_Filter_As_The_Walk_Of_Every_Article()
    {
        // As above with `morsetto`, the articles in two tags and authors (even and odd), published a minute apart; tags, authors
        // and publication dates checked on each walked row, the match set off (it would read so few matches first).
        var (even, odd) = (new ArticleData(api), new ArticleData(api));
        var now = DateTime.UtcNow;
        var articles = Enumerable.Range(0, 30).Select(i => Fakes.Article($"Accordo {i:00}", markdown: i % 5 == 2 ? "Il morsetto di pace." : "Il punto.",
                publishedAt: now.AddMinutes(-5 - i)))
            .Concat(Enumerable.Range(0, 24).Select(i => Fakes.Article($"Zona {i:00}", language: "es",
                markdown: i % 3 != 0 ? "El morsetto firmado." : "Un resumen.", publishedAt: now.AddMinutes(-7 - 3 * i))))
            .Concat(Enumerable.Range(0, 12).Select(i => Fakes.Article($"Memo {i:00}", language: "en",
                markdown: i % 4 == 0 ? "The morsetto clause." : "A note.", publishedAt: now.AddMinutes(-9 - 2 * i))))
            .ToList();
        await even.AddAsync([.. articles.Where((_, i) => i % 2 == 0)], _ct);
        await odd.AddAsync([.. articles.Where((_, i) => i % 2 == 1)], _ct);
        await even.AddAsync(
        [
            Fakes.Article("Zona mañana", language: "es", markdown: "El morsetto.", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)),
            Fakes.Article("Zona borrador", language: "es", markdown: "El morsetto.", status: ArticleStatus.Draft),
        ], _ct);
        await using (var db = api.Database.CreateContext())
        {
            var ids = articles.Select(a => a.Id).ToArray();
            await db.Articles.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, a => a.PublishedAt!.Value), _ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        }
        api.SetWindow("auto");
        api.SetCore("auto");
        static string At(int minutes) => Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(minutes).ToString("O"));
        string[] queries =
        [
            $"q=morsetto&tag={even.Tag.Slug}&sort=title", $"q=mors&author={odd.Author.Slug}&sort=-updatedAt&total=true",
            $"q=morsetto&publishedAfter={At(-20)}&sort=title&facets=language", $"q=morsetto%20or%20accordo&publishedBefore={At(-20)}&tag={odd.Tag.Slug}&sort=title",
            $"q=morsetto&publishedAfter={At(-60)}&publishedBefore={At(-10)}&author={even.Author.Slug}&sort=-updatedAt",
        ];
        var matchSet = global::Articles.List.SearchMatchSet.ModeSetting;
        api.Services.GetRequiredService<IConfiguration>()[matchSet] = "off";
        try
        {
            foreach (var query in queries)
                foreach (var limit in new[] { 2, 5 })
                {
                    var url = $"/api/v1/articles?{query}&limit={limit}";
                    var before = await CompareAsync(url);
                    before.ShouldContain("morsetto", Case.Insensitive, url);
                    foreach (var gone in new[] { "mañana", "borrador" })
                        before.ShouldNotContain(gone, customMessage: url);
                    for (var next = SearchParseApi.NextCursor(before); next is not null;)
                        next = SearchParseApi.NextCursor(await CompareAsync($"{url}&cursor={Uri.EscapeDataString(next)}"));
                }
            // Filters the walk does not check keep the walk of every article, even `on`; so does a page by last change in a span
            // open to now (the updates' index meets the span first).
            Set("on");
            foreach (var query in new[] { $"q=morsetto&tag={even.Tag.Slug}&language=es&sort=title", $"q=morsetto&tag={even.Tag.Slug}&kind=news&sort=title",
                $"q=morsetto&publishedAfter={At(-20)}&sort=-updatedAt" })
            {
                var (_, id) = await api.GetUncachedAsync(_client, $"/api/v1/articles?{query}&limit=2", _ct);
                api.Statements(id).ShouldNotContain(s => s.Contains("search_language_walk"), query);
            }
        }
        finally
        {
            api.Services.GetRequiredService<IConfiguration>()[matchSet] = null;
            Set("auto");
        }
    }

    /// The page with the language walk off and on, byte for byte; on, the walk's statement was sent.
    async Task<string> CompareAsync(string url)
    {
        Set("off");
        var (before, _) = await api.GetUncachedAsync(_client, url, _ct);
        Set("on");
        var (walked, id) = await api.GetUncachedAsync(_client, url, _ct);
        walked.ShouldBe(before, url);
        api.Statements(id).ShouldContain(s => s.Contains("search_language_walk"), url);
        // As the estimates route it: the languages where q is rare read from the side table's terms.
        Set("auto");
        var (routed, routedId) = await api.GetUncachedAsync(_client, url, _ct);
        routed.ShouldBe(before, url);
        if (api.Statements(routedId).Any(s => s.Contains("search_language_rare") && s.Contains("article_search_postings")))
            _rareRead++;
        return before;
    }

    int _rareRead;

    void Set(string mode) => api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchLanguageWalk.ModeSetting] = mode;
}
