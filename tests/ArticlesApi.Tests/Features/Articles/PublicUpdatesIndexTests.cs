using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Articles;

/// Public lists and searches by last change walk the public articles' own index (ix_articles_public_updated_at_id, or a language's
/// ix_articles_public_config_updated), never the updates' index of every article, whose newest rows are the drafts being edited
/// (ADR 0034, "2026-12-07 morning, updateswalk"). A database of its own: the plans depend on its statistics.
public sealed class PublicUpdatesIndexTests(SearchParseApi api) : IClassFixture<SearchParseApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_Public_List_Or_Search_By_Last_Change_Walks_The_Public_Articles_Not_The_Drafts_Changed_After_Them()
    {
        // 1,600 published articles, Italian and English in turn (`gelsomino` in half), each last changed when published, then
        // 800 drafts with it changed after all of them at one instant, as a bulk import leaves them.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var published = await data.AddAsync([.. Enumerable.Range(0, 1600).Select(i => Fakes.Article($"Nota {i:0000}", language: i % 2 == 0 ? "it" : "en",
            markdown: i % 4 < 2 ? "Il gelsomino fiorisce." : "Un giardino.", publishedAt: now.AddMinutes(-3000 + i)))], _ct);
        var drafts = await data.AddAsync([.. Enumerable.Range(0, 800).Select(i => Fakes.Article($"Bozza {i:000}", markdown: "Il gelsomino.",
            status: ArticleStatus.Draft))], _ct);
        await using (var db = api.Database.CreateContext())
        {
            var ids = published.Select(a => a.Id).ToArray();
            await db.Articles.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, a => a.PublishedAt!.Value), _ct);
            var draftIds = drafts.Select(a => a.Id).ToArray();
            await db.Articles.Where(a => draftIds.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, now), _ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        }
        api.SetWindow("auto");
        api.SetCore("auto");
        var after = Uri.EscapeDataString(now.AddMinutes(-2000).ToString("O"));
        string[] queries =
        [
            "sort=-updatedAt&limit=10", "q=gelsomino&sort=-updatedAt&limit=10",
            "q=gels&sort=-updatedAt&limit=30&total=true", $"q=gelsomino&publishedAfter={after}&sort=-updatedAt&limit=10",
        ];
        foreach (var query in queries)
        {
            var url = $"/api/v1/articles?{query}";
            var (first, _) = await api.GetUncachedAsync(_client, url, _ct);
            first.ShouldContain("Nota 159", customMessage: url);
            first.ShouldNotContain("Bozza", customMessage: url);
            var next = SearchParseApi.NextCursor(first).ShouldNotBeNull(url);
            foreach (var page in new[] { url, $"{url}&cursor={Uri.EscapeDataString(next)}" })
            {
                var (_, id) = await api.GetUncachedAsync(_client, page, _ct);
                var plans = await api.PlansAsync(id, text => text.Contains("updated_at DESC"), _ct);
                plans.ShouldNotBeEmpty(page);
                foreach (var plan in plans)
                    plan.ShouldNotContain("ix_articles_updated_at_id ", customMessage: page);
                // Walked in that order (a span of publication dates may be read by its own index and sorted).
                if (!query.Contains("publishedAfter"))
                    plans.ShouldContain(p => p.Contains("ix_articles_public_updated_at_id") || p.Contains("ix_articles_public_config_updated"), page);
            }
        }
    }
}
