using System.Net;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;
using Npgsql;

namespace ArticlesApi.Tests.Features.Articles;

/// Exclusions are applied to the 1,000 newest articles matching the rest of q (SearchLimits.ExclusionWindow), which bounds
/// their cost whatever the words (bench/studies/search-worst-1m). 1,001 articles with "zibaldone", the oldest without
/// "quodlibet", the 1,000 newer with it; rows inserted by SQL (1,001 articles through the API would take minutes), once per class.
public sealed class SearchExclusionWindowTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    HttpClient _editor = null!;

    public async ValueTask InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO articles (id, slug, title, excerpt, body_markdown, body_html, body_text, language, status, published_at,
                                  created_at, updated_at, word_count, reading_time_minutes, body_renderer_version)
            SELECT gen_random_uuid(), 'zibaldone-' || g, 'Zibaldone ' || g, 'e', 'b', '<p>b</p>',
                   CASE WHEN g = 0 THEN 'pensieri sparsi' ELSE 'pensieri quodlibet' END, 'it', 'published',
                   timestamptz '2025-07-01T00:00:00Z' + g * interval '1 minute', timestamptz '2025-07-01T00:00:00Z',
                   timestamptz '2025-07-01T00:00:00Z', 2, 1, 1
            FROM generate_series(0, 1000) g
            ON CONFLICT DO NOTHING
            """, connection) { CommandTimeout = 120 };
        await insert.ExecuteNonQueryAsync(_ct);
        _editor = (await api.EditorAsync()).Client;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    async Task<ListResponse<ArticleSummary>> SearchAsync(string q, string more = "")
    {
        var response = await _editor.GetAsync($"/api/v1/articles?q={Uri.EscapeDataString(q)}{more}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return await response.ReadAsync<ListResponse<ArticleSummary>>(_ct);
    }

    [Fact]
    public async Task Search_Exclusion_Applies_To_The_Newest_Thousand_Matches_Of_The_Other_Words()
    {
        foreach (var more in new[] { "", "&sort=-publishedAt", "&sort=publishedAt", "&language=it", "&language=it&sort=publishedAt" })
        {
            var excluded = await SearchAsync("zibaldone -quodlibet", more + "&total=true");

            excluded.Data.ShouldBeEmpty($"the one article without quodlibet is the 1,001st newest zibaldone ({more})");
            excluded.Meta.Total.ShouldBe(0);
        }
    }

    [Fact]
    public async Task Search_Exclusion_Finds_What_The_Window_Holds()
    {
        var newest = await SearchAsync("zibaldone -sparsi", "&sort=-publishedAt&total=true&limit=3");
        var phrase = await SearchAsync("\"pensieri sparsi\" -quodlibet");

        newest.Data.Select(a => a.Title).ShouldBe(["Zibaldone 1000", "Zibaldone 999", "Zibaldone 998"]);
        newest.Meta.Total.ShouldBe(1000);
        phrase.Data.Select(a => a.Title).ShouldBe(["Zibaldone 0"], "no word of q left outside the exclusion bounds it: the phrase's own matches are the window");
    }

    [Fact]
    public async Task Search_Without_Exclusion_Still_Finds_Every_Match()
    {
        var all = await SearchAsync("zibaldone", "&sort=publishedAt&total=true&limit=1");
        var orQuery = await SearchAsync("sparsi or nessuno", "&total=true");

        all.Meta.Total.ShouldBe(1001);
        all.Data.Select(a => a.Title).ShouldBe(["Zibaldone 0"]);
        orQuery.Data.Select(a => a.Title).ShouldBe(["Zibaldone 0"]);
    }
}
