using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Counts;

/// Tags, authors and sources sorted by name or by number of published articles, paged by keyset cursors:
/// equal keys are ordered by id, so a page boundary inside a run of equal keys loses and repeats nothing.
public sealed class ArticleCountSortTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// Per group, a tag, an author and a source with that many published articles: runs of three equal counts,
    /// which pages of two split.
    const string Namesake = "Mario Rossi";

    static readonly int[] Counts = [2, 1, 1, 1, 0, 0, 0, 3];

    /// Once per class (xunit makes an instance per test; the class's database is shared): the namesakes come last.
    public async ValueTask InitializeAsync()
    {
        await using (var db = api.Database.CreateContext())
            if (await db.Authors.AnyAsync(a => a.Name == Namesake, _ct))
                return;
        foreach (var count in Counts)
        {
            var data = new ArticleData(api);
            var source = Fakes.Source();
            // With no published article, a draft: it counts for nothing.
            await data.AddAsync(count == 0
                ? [Cite(Fakes.Article(status: ArticleStatus.Draft), source)]
                : Enumerable.Range(0, count).Select(_ => Cite(Fakes.Article(), source)).ToList(), _ct);
        }
        // Three authors of one name: a run of equal names for sort=name.
        await using (var db = api.Database.CreateContext())
        {
            db.Authors.AddRange(Enumerable.Range(0, 3).Select(_ => Fakes.Author(Namesake)));
            await db.SaveChangesAsync(_ct);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static Article Cite(Article article, Source source)
    {
        article.Citations.Add(new Citation { Source = source, Claim = "Secondo fonti", Position = 0 });
        return article;
    }

    [Theory]
    [InlineData("tags"), InlineData("authors"), InlineData("sources")]
    public async Task Sort_By_Most_Articles_Pages_Through_Ties_In_Id_Order(string resource)
    {
        var walked = await WalkAsync(resource, "-articleCount");

        walked.Select(Key).ShouldBe(walked.Select(Key).OrderByDescending(k => k.Count).ThenByDescending(k => k.Id, StringComparer.Ordinal));
        walked.Select(Key).ShouldBe(await SinglePageAsync(resource, "-articleCount"));
        Counts.ShouldBeSubsetOf(walked.Select(x => x.Count));
    }

    [Theory]
    [InlineData("tags"), InlineData("authors"), InlineData("sources")]
    public async Task Sort_By_Fewest_Articles_Pages_Through_Ties_In_Id_Order(string resource)
    {
        var walked = await WalkAsync(resource, "articleCount");

        walked.Select(Key).ShouldBe(walked.Select(Key).OrderBy(k => k.Count).ThenBy(k => k.Id, StringComparer.Ordinal));
        walked.Select(Key).ShouldBe(await SinglePageAsync(resource, "articleCount"));
    }

    [Fact]
    public async Task Sort_By_Name_Pages_Through_Equal_Names_In_Id_Order()
    {
        var walked = await WalkAsync("authors", "name");

        walked.Select(Key).ShouldBe(await SinglePageAsync("authors", "name"));
        var namesakes = walked.Where(x => x.Name == Namesake).Select(x => x.Id).ToList();
        namesakes.Count.ShouldBe(3);
        namesakes.ShouldBe(namesakes.Order(StringComparer.Ordinal));
        (await SinglePageAsync("authors", null)).ShouldBe(walked.Select(Key), "name is the default sort");
    }

    [Fact]
    public async Task Anonymous_Tags_By_Most_Articles_Leave_Out_Tags_Without_Published_Articles()
    {
        var page = await GetAsync(api.CreateClient(), "/api/v1/tags?sort=-articleCount&limit=100");

        page.Select(x => x.Count).ShouldBe([3, 2, 1, 1, 1]);
    }

    [Theory]
    [InlineData("tags"), InlineData("authors"), InlineData("sources")]
    public async Task A_Cursor_Of_One_Sort_Is_Refused_By_Another(string resource)
    {
        var client = (await api.EditorAsync()).Client;
        var byCount = await client.GetAsync($"/api/v1/{resource}?sort=-articleCount&limit=2", _ct);
        var cursor = (await byCount.JsonAsync()).GetProperty("meta").GetProperty("nextCursor").GetString()!;

        foreach (var other in new[] { "", "&sort=name", "&sort=articleCount" })
            await (await client.GetAsync($"/api/v1/{resource}?limit=2&cursor={Uri.EscapeDataString(cursor)}{other}", _ct))
                .ShouldBeValidationProblemAsync("cursor");
    }

    [Theory]
    [InlineData("tags", "sort=count"), InlineData("authors", "sort=-name"), InlineData("sources", "sort=ArticleCount"),
     InlineData("tags", "sort=+articleCount"), InlineData("authors", "sort=articleCount,name")]
    public async Task An_Unknown_Sort_Returns_400_Naming_It(string resource, string query)
    {
        var problem = await (await api.CreateClient().GetAsync($"/api/v1/{resource}?{query}", _ct)).ShouldBeValidationProblemAsync("sort");

        problem.GetRawText().ShouldContain("-articleCount");
    }

    sealed record Item(string Id, string Name, int Count);

    static (int Count, string Id) Key(Item item) => (item.Count, item.Id);

    async Task<List<Item>> WalkAsync(string resource, string sort)
    {
        var client = (await api.EditorAsync()).Client;
        var items = new List<Item>();
        string? cursor = null;
        do
        {
            var response = await client.GetAsync(
                $"/api/v1/{resource}?sort={Uri.EscapeDataString(sort)}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), _ct);
            var json = await response.JsonAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, json.GetRawText());
            items.AddRange(Items(json));
            cursor = json.GetProperty("meta").GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        items.Select(x => x.Id).ShouldBeUnique();
        return items;
    }

    async Task<List<(int Count, string Id)>> SinglePageAsync(string resource, string? sort)
    {
        var client = (await api.EditorAsync()).Client;
        var page = await GetAsync(client, $"/api/v1/{resource}?limit=100" + (sort is null ? "" : $"&sort={Uri.EscapeDataString(sort)}"));
        return page.Select(Key).ToList();
    }

    async Task<List<Item>> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, _ct);
        var json = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, json.GetRawText());
        json.GetProperty("meta").GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        return Items(json);
    }

    static List<Item> Items(JsonElement page) =>
        page.GetProperty("data").EnumerateArray()
            .Select(x => new Item(x.GetProperty("id").GetString()!, x.GetProperty("name").GetString()!, x.GetProperty("articleCount").GetInt32()))
            .ToList();
}
