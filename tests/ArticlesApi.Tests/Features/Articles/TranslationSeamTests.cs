using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// Where translation groups meet the rest of the record: the other members' `translations` change when an article
/// joins, leaves or is taken down, and the change feed says so; a taken-down article is nobody's translation.
public sealed class TranslationSeamTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static string Id(JsonElement article) => article.GetProperty("id").GetString()!;

    static string[] TranslationIds(JsonElement article) =>
        [.. article.GetProperty("translations").EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];

    /// The change feed's entries after `cursor` (all of them, as a key sees them), and the cursor to poll with next.
    async Task<(List<(string Type, string Id)> Entries, string Cursor)> ChangesAfterAsync(HttpClient client, string? cursor)
    {
        var entries = new List<(string, string)>();
        while (true)
        {
            var url = "/api/v1/changes?limit=100" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await client.GetAsync(url, _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK);
            entries.AddRange(page.GetProperty("data").EnumerateArray().Where(e => e.GetProperty("resource").GetString() == "article")
                .Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("id").GetString()!)));
            cursor = page.GetProperty("meta").GetProperty("nextCursor").GetString()!;
            if (!page.GetProperty("meta").GetProperty("hasMore").GetBoolean())
                return (entries, cursor);
        }
    }

    async Task<(Caller Editor, string Author, JsonElement Italian, JsonElement English)> PublishedPairAsync()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var (italian, _, _) = await editor.CreateArticleAsync(Requests.Article(author));
        var (english, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("language", "en").With("translationOf", Id(italian)));
        foreach (var id in new[] { Id(italian), Id(english) })
            (await editor.Client.PostJsonAsync($"/api/v1/articles/{id}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (editor, author, italian, english);
    }

    [Fact]
    public async Task Joining_And_Leaving_A_Group_Records_An_Update_For_Every_Other_Member_In_The_Change_Feed()
    {
        var (editor, author, italian, english) = await PublishedPairAsync();
        var (_, before) = await ChangesAfterAsync(editor.Client, null);

        var (german, _, germanUrl) = await editor.CreateArticleAsync(Requests.Article(author).With("language", "de").With("translationOf", Id(english)));

        var (joined, afterJoin) = await ChangesAfterAsync(editor.Client, before);
        joined.ShouldContain(("created", Id(german)));
        joined.ShouldContain(("updated", Id(italian)), "the Italian article's translations now list the German one");
        joined.ShouldContain(("updated", Id(english)));

        var current = await editor.Client.GetAsync(germanUrl, _ct);
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(await current.Content.ReadAsStringAsync(_ct))!;
        (await editor.Client.PutJsonAsync(germanUrl, body.With("translationOf", null), current.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);

        var (left, afterLeave) = await ChangesAfterAsync(editor.Client, afterJoin);
        left.ShouldBe([("updated", Id(german)), ("updated", Id(english)), ("updated", Id(italian))], ignoreOrder: true);

        // An edit that changes nothing the others show (the subtitle) does not touch them.
        current = await editor.Client.GetAsync($"/api/v1/articles/{Id(english)}", _ct);
        body = JsonSerializer.Deserialize<Dictionary<string, object?>>(await current.Content.ReadAsStringAsync(_ct))!;
        (await editor.Client.PutJsonAsync($"/api/v1/articles/{Id(english)}", body.With("subtitle", "A subtitle the others do not show"),
            current.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ChangesAfterAsync(editor.Client, afterLeave)).Entries.ShouldBe([("updated", Id(english))]);
    }

    [Fact]
    public async Task A_Taken_Down_Article_Leaves_The_Translations_Of_The_Others_For_Every_Caller()
    {
        var (editor, _, italian, english) = await PublishedPairAsync();
        var anonymous = api.CreateClient();
        var reader = await api.CallerAsync(Role.Reader);
        var author = await api.CallerAsync(Role.Author);
        var italianUrl = $"/api/v1/articles/{Id(italian)}";
        TranslationIds(await (await anonymous.GetAsync(italianUrl, _ct)).JsonAsync()).ShouldBe([Id(english)]);
        var (_, before) = await ChangesAfterAsync(editor.Client, null);

        (await editor.Client.PostJsonAsync($"/api/v1/articles/{Id(english)}/takedown", new { reason = "Court order" })).StatusCode
            .ShouldBe(HttpStatusCode.OK);

        TranslationIds(await (await anonymous.GetAsync(italianUrl, _ct)).JsonAsync()).ShouldBeEmpty();
        TranslationIds(await (await reader.Client.GetAsync(italianUrl, _ct)).JsonAsync()).ShouldBeEmpty();
        TranslationIds(await (await author.Client.GetAsync(italianUrl, _ct)).JsonAsync()).ShouldBeEmpty();
        TranslationIds(await (await editor.Client.GetAsync(italianUrl, _ct)).JsonAsync()).ShouldBeEmpty(
            "staff read the taken-down article at its own URL; no other article links it");
        (await ChangesAfterAsync(editor.Client, before)).Entries.ShouldBe([("deleted", Id(english)), ("updated", Id(italian))], ignoreOrder: true);
    }
}
