using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArticlesApi.Tests.Infrastructure;
using ArticlesApi.Tests.Infrastructure.Contract;

namespace ArticlesApi.Tests.Features.Articles;

/// GET /articles/{idOrSlug}/related: published articles in the article's language sharing its tags, sources and title
/// words, most related first, never itself; the article found (404, 410, 301) as the article read finds it.
public sealed class RelatedTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// A tag name of its own for each test: no other test's articles share it.
    static string Unique(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..12];

    static string Id(JsonElement article) => article.GetProperty("id").GetString()!;

    static string[] Ids(JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(Id)];

    /// A title and no subtitle made of words no other article has, so that only the words a test chooses are shared.
    static Dictionary<string, object?> Body(string author, string title, params string[] tags) =>
        Requests.Article(author).With("title", title).Without("subtitle").With("tags", tags);

    async Task<(JsonElement Article, string Url)> PublishedAsync(Caller editor, Dictionary<string, object?> body)
    {
        var (article, _, url) = await editor.CreateArticleAsync(body);
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (article, url);
    }

    async Task<JsonElement> RelatedAsync(HttpClient client, string idOrSlug, string query = "")
    {
        var response = await client.GetAsync($"/api/v1/articles/{idOrSlug}/related{query}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return await response.JsonAsync();
    }

    async Task<(Caller Editor, string Author)> EditorAsync()
    {
        var editor = await api.EditorAsync();
        return (editor, (await editor.NewAuthorIdAsync()).ToString());
    }

    [Fact]
    public async Task More_Shared_Tags_Rank_Above_Fewer_And_Articles_Sharing_Nothing_Are_Not_Listed()
    {
        var (editor, author) = await EditorAsync();
        string one = Unique(), two = Unique(), other = Unique();
        var (article, _) = await PublishedAsync(editor, Body(author, $"Zqa {Unique("w")}", one, two));
        var (both, _) = await PublishedAsync(editor, Body(author, $"Zqb {Unique("w")}", one, two));
        var (single, _) = await PublishedAsync(editor, Body(author, $"Zqc {Unique("w")}", one));
        var (nothing, _) = await PublishedAsync(editor, Body(author, $"Zqd {Unique("w")}", other));

        var related = await RelatedAsync(api.CreateClient(), Id(article));

        Ids(related).ShouldBe([Id(both), Id(single)], "the newer article shares one tag, the older two");
        Ids(related).ShouldNotContain(Id(nothing));
        related.GetProperty("meta").GetProperty("limit").GetInt32().ShouldBe(5);
        var summary = related.GetProperty("data")[0];
        summary.GetProperty("tags").GetArrayLength().ShouldBe(2);
        summary.GetProperty("authors").GetArrayLength().ShouldBe(1);
        summary.TryGetProperty("body", out _).ShouldBeFalse("summaries as in lists");
    }

    [Fact]
    public async Task A_Shared_Source_Makes_An_Article_Related()
    {
        var (editor, author) = await EditorAsync();
        var source = (await editor.NewSourceIdAsync()).ToString();
        object[] citations = [new { source, claim = "Il negoziato è sospeso" }];
        var (article, _) = await PublishedAsync(editor, Body(author, $"Zqa {Unique("w")}").With("citations", citations));
        var (citing, _) = await PublishedAsync(editor, Body(author, $"Zqb {Unique("w")}").With("citations", citations));

        Ids(await RelatedAsync(api.CreateClient(), Id(article))).ShouldBe([Id(citing)]);
    }

    [Fact]
    public async Task Title_Words_Shared_Rank_An_Older_Article_Above_A_Newer_One_With_The_Same_Tags()
    {
        var (editor, author) = await EditorAsync();
        var tag = Unique();
        var word = Unique("w");
        var (article, _) = await PublishedAsync(editor, Body(author, $"Sanzioni {word} petrolio", tag));
        var (sharingWords, _) = await PublishedAsync(editor, Body(author, $"Nuove sanzioni sul petrolio {word}", tag));
        var (newer, _) = await PublishedAsync(editor, Body(author, $"Zqb {Unique("w")}", tag));
        var (newest, _) = await PublishedAsync(editor, Body(author, $"Zqc {Unique("w")}", tag));

        Ids(await RelatedAsync(api.CreateClient(), Id(article))).ShouldBe([Id(sharingWords), Id(newest), Id(newer)],
            "shared words first, then ties newer first");
    }

    [Fact]
    public async Task Only_Published_Articles_In_The_Same_Language_Are_Listed_Never_The_Article_Itself()
    {
        var (editor, author) = await EditorAsync();
        var tag = Unique();
        var (article, _) = await PublishedAsync(editor, Body(author, $"Zqa {Unique("w")}", tag));
        var (italian, _) = await PublishedAsync(editor, Body(author, $"Zqb {Unique("w")}", tag));
        await PublishedAsync(editor, Body(author, $"Zqc {Unique("w")}", tag).With("language", "en"));
        await editor.CreateArticleAsync(Body(author, $"Zqd {Unique("w")}", tag));
        var (_, trashedUrl) = await PublishedAsync(editor, Body(author, $"Zqe {Unique("w")}", tag));
        var current = await editor.Client.GetAsync(trashedUrl, _ct);
        (await editor.Client.DeleteAsync(trashedUrl, current.ETag())).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        Ids(await RelatedAsync(api.CreateClient(), Id(article))).ShouldBe([Id(italian)]);
        Ids(await RelatedAsync(editor.Client, Id(article))).ShouldBe([Id(italian)], "keys too see only published related articles");
        Ids(await RelatedAsync(api.CreateClient(), Id(italian))).ShouldBe([Id(article)]);
    }

    [Fact]
    public async Task A_Draft_Answers_404_To_The_Public_And_Its_Related_Articles_To_An_Editor()
    {
        var (editor, author) = await EditorAsync();
        var tag = Unique();
        var (published, _) = await PublishedAsync(editor, Body(author, $"Zqa {Unique("w")}", tag));
        var (draft, _, _) = await editor.CreateArticleAsync(Body(author, $"Zqb {Unique("w")}", tag));

        await (await api.CreateClient().GetAsync($"/api/v1/articles/{Id(draft)}/related", _ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await api.CreateClient().GetAsync($"/api/v1/articles/{draft.GetProperty("slug").GetString()}/related", _ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await api.CreateClient().GetAsync($"/api/v1/articles/{Guid.NewGuid()}/related", _ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        Ids(await RelatedAsync(editor.Client, Id(draft))).ShouldBe([Id(published)]);
    }

    [Fact]
    public async Task A_Taken_Down_Article_Answers_410()
    {
        var (editor, author) = await EditorAsync();
        var (article, _) = await PublishedAsync(editor, Body(author, $"Zqa {Unique("w")}", Unique()));
        (await editor.Client.PostJsonAsync($"/api/v1/articles/{Id(article)}/takedown", new { reason = "Court order" })).StatusCode
            .ShouldBe(HttpStatusCode.OK);

        await (await api.CreateClient().GetAsync($"/api/v1/articles/{Id(article)}/related", _ct)).ShouldBeProblemAsync(HttpStatusCode.Gone, "gone");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task A_Limit_Outside_1_To_20_Returns_400_Naming_Limit(string limit)
    {
        var (editor, author) = await EditorAsync();
        var (article, _) = await PublishedAsync(editor, Body(author, $"Zqa {Unique("w")}", Unique()));

        await (await api.CreateClient().GetAsync($"/api/v1/articles/{Id(article)}/related?limit={limit}", _ct)).ShouldBeValidationProblemAsync("limit");
    }

    [Fact]
    public async Task Limit_Bounds_The_List_And_Twenty_Is_Allowed()
    {
        var (editor, author) = await EditorAsync();
        var tag = Unique();
        var (article, _) = await PublishedAsync(editor, Body(author, $"Zqa {Unique("w")}", tag));
        for (var i = 0; i < 6; i++)
            await PublishedAsync(editor, Body(author, $"Zq{i} {Unique("w")}", tag));

        Ids(await RelatedAsync(api.CreateClient(), Id(article))).Length.ShouldBe(5, "default 5");
        Ids(await RelatedAsync(api.CreateClient(), Id(article), "?limit=2")).Length.ShouldBe(2);
        Ids(await RelatedAsync(api.CreateClient(), Id(article), "?limit=20")).Length.ShouldBe(6);
    }

    [Fact]
    public async Task An_Old_Slug_Answers_301_To_The_Related_Articles_Of_The_Current_Slug()
    {
        var (editor, author) = await EditorAsync();
        var old = Unique("old");
        var (_, url) = await PublishedAsync(editor, Body(author, $"Zqa {Unique("w")}", Unique()).With("slug", old));
        var read = await editor.Client.GetAsync(url, _ct);
        var body = JsonNode.Parse(await read.Content.ReadAsStringAsync(_ct))!.AsObject();
        var renamed = Unique("new");
        body["slug"] = renamed;
        (await editor.Client.PutJsonAsync(url, body.ToJsonString(), read.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var client = api.CreateDefaultClient(new ContractCheckingHandler(api.ContractAsync));

        var response = await client.GetAsync($"/api/v1/articles/{old}/related?limit=3", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        response.Headers.Location!.OriginalString.ShouldBe($"/api/v1/articles/{renamed}/related?limit=3");
        (await RelatedAsync(client, renamed, "?limit=3")).GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_Matching_If_None_Match_Answers_304_And_Head_Answers_Like_Get()
    {
        var (editor, author) = await EditorAsync();
        var tag = Unique();
        var (article, _) = await PublishedAsync(editor, Body(author, $"Zqa {Unique("w")}", tag));
        await PublishedAsync(editor, Body(author, $"Zqb {Unique("w")}", tag));
        var client = api.CreateClient();
        var first = await client.GetAsync($"/api/v1/articles/{Id(article)}/related", _ct);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.CacheControl!.Public.ShouldBeTrue();

        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{Id(article)}/related");
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(first.ETag()));
        var notModified = await client.SendAsync(again, _ct);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/articles/{Id(article)}/related"), _ct);

        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.ETag().ShouldBe(first.ETag());
        first.Headers.GetValues("Surrogate-Key").Single().Split(' ').ShouldContain("articles");
    }

    [Fact]
    public async Task A_Newly_Published_Article_Appears_In_The_Related_Articles_At_Once()
    {
        var (editor, author) = await EditorAsync();
        var tag = Unique();
        var (article, _) = await PublishedAsync(editor, Body(author, $"Zqa {Unique("w")}", tag));
        Ids(await RelatedAsync(api.CreateClient(), Id(article))).ShouldBeEmpty();

        var (later, _) = await PublishedAsync(editor, Body(author, $"Zqb {Unique("w")}", tag));

        Ids(await RelatedAsync(api.CreateClient(), Id(article))).ShouldBe([Id(later)], "the response cache follows content changes");
    }
}
