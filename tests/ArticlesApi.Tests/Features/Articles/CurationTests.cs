using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// Type of work (`kind`), `featured`, ordered tags with `primaryTag`, localized tag names, archive and the trash list.
public sealed class CurationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// A tag name that is its own slug, new in each test: lists filtered on it see only that test's articles.
    static string Unique() => "t" + Guid.NewGuid().ToString("N")[..12];

    static string Id(JsonElement article) => article.GetProperty("id").GetString()!;

    async Task<JsonElement> ListAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/articles?{query}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return (await response.JsonAsync()).GetProperty("data");
    }

    static string[] Ids(JsonElement data) => [.. data.EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];

    [Fact]
    public async Task Kind_Defaults_To_News_Is_Written_Read_Listed_And_Filtered()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var tag = $"kinds-{Guid.NewGuid():N}"[..20];
        var (news, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("tags", new[] { tag }));
        var (analysis, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("tags", new[] { tag }).With("kind", "analysis"));
        var (factCheck, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("tags", new[] { tag }).With("kind", "factCheck"));

        news.GetProperty("kind").GetString().ShouldBe("news");
        analysis.GetProperty("kind").GetString().ShouldBe("analysis");
        factCheck.GetProperty("kind").GetString().ShouldBe("factCheck");
        var filtered = await ListAsync(editor.Client, $"status=any&tag={news.GetProperty("tags")[0].GetProperty("slug").GetString()}&kind=analysis,factCheck");
        Ids(filtered).ShouldBe([Id(analysis), Id(factCheck)], ignoreOrder: true);
        filtered[0].GetProperty("kind").GetString().ShouldBeOneOf("analysis", "factCheck");
    }

    [Fact]
    public async Task An_Unknown_Kind_Returns_400_Naming_Kind()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();

        await (await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author).With("kind", "gossip"))).ShouldBeValidationProblemAsync("kind");
        await (await editor.Client.GetAsync("/api/v1/articles?kind=gossip", _ct)).ShouldBeValidationProblemAsync("kind");
        await (await editor.Client.GetAsync("/api/v1/articles?featured=maybe", _ct)).ShouldBeValidationProblemAsync("featured");
    }

    [Fact]
    public async Task Featured_Is_Kept_By_A_Put_That_Leaves_It_Out_And_Filtered()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var tag = Unique();
        var (featured, etag, url) = await editor.CreateArticleAsync(Requests.Article(author).With("tags", new[] { tag }).With("featured", true).With("kind", "opinion"));
        var (other, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("tags", new[] { tag }));

        var replaced = await editor.Client.PutJsonAsync(url, Requests.Article(author).With("tags", new[] { tag }), etag);
        var body = await replaced.JsonAsync();
        replaced.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("featured").GetBoolean().ShouldBeTrue();
        body.GetProperty("kind").GetString().ShouldBe("opinion");
        Ids(await ListAsync(editor.Client, $"status=any&tag={tag}&featured=true")).ShouldBe([Id(featured)]);
        Ids(await ListAsync(editor.Client, $"status=any&tag={tag}&featured=false")).ShouldBe([Id(other)]);
    }

    [Fact]
    public async Task Tags_Keep_The_Order_Written_And_The_First_Is_The_Primary_Tag_In_Reads_And_Summaries()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        string[] names = [$"Zeta {suffix}", $"Alfa {suffix}", $"Mu {suffix}"];
        var (article, _, url) = await editor.CreateArticleAsync(Requests.Article(author).With("tags", names));
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var read = await (await api.CreateClient().GetAsync(url, _ct)).JsonAsync();
        read.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(names);
        read.GetProperty("primaryTag").GetProperty("name").GetString().ShouldBe(names[0]);
        var summary = (await ListAsync(api.CreateClient(), $"tag=zeta-{suffix}"))[0];
        summary.GetProperty("id").GetString().ShouldBe(Id(article));
        summary.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(names);
        summary.GetProperty("primaryTag").GetProperty("name").GetString().ShouldBe(names[0]);
    }

    [Fact]
    public async Task An_Article_Embeds_Its_Tags_With_Their_Names_In_Its_Own_Language()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var tag = await (await editor.Client.PostJsonAsync("/api/v1/tags", new
        {
            name = $"Esteri {suffix}",
            translations = new Dictionary<string, object> { ["en"] = new { name = $"World {suffix}" } },
        })).JsonAsync();
        var slug = tag.GetProperty("slug").GetString()!;
        var (italian, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("tags", new[] { slug }));
        var (british, _, britishUrl) = await editor.CreateArticleAsync(Requests.Article(author).With("tags", new[] { slug }).With("language", "en-GB"));

        italian.GetProperty("tags")[0].GetProperty("name").GetString().ShouldBe($"Esteri {suffix}");
        british.GetProperty("tags")[0].GetProperty("name").GetString().ShouldBe($"World {suffix}", "en-GB falls back to en");
        (await editor.Client.PostJsonAsync($"{britishUrl}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var summary = (await ListAsync(api.CreateClient(), $"tag={slug}"))[0];
        summary.GetProperty("tags")[0].GetProperty("name").GetString().ShouldBe($"World {suffix}");
    }

    [Fact]
    public async Task An_Archived_Article_Leaves_Public_Reads_And_Is_Listed_With_Status_Archived()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var tag = Unique();
        var (article, _, url) = await editor.CreateArticleAsync(Requests.Article(author).With("tags", new[] { tag }));
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        Ids(await ListAsync(api.CreateClient(), $"tag={tag}")).ShouldBe([Id(article)]);

        var archived = await editor.Client.PostJsonAsync($"{url}/archive");

        (await archived.JsonAsync()).GetProperty("status").GetString().ShouldBe("archived");
        (await api.CreateClient().GetAsync(url, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Ids(await ListAsync(api.CreateClient(), $"tag={tag}")).ShouldBeEmpty();
        Ids(await ListAsync(editor.Client, $"tag={tag}")).ShouldBeEmpty("the default list is the published articles");
        Ids(await ListAsync(editor.Client, $"tag={tag}&status=archived")).ShouldBe([Id(article)]);
    }

    [Fact]
    public async Task Contributors_May_Not_Archive_And_Others_Articles_Stay_Hidden()
    {
        var editor = await api.EditorAsync();
        var contributor = await api.CallerAsync(Role.Contributor);
        var (own, _, ownUrl) = await contributor.CreateArticleAsync();
        var stranger = await api.CallerAsync(Role.Author);

        await (await contributor.Client.PostJsonAsync($"{ownUrl}/archive")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await stranger.Client.PostJsonAsync($"{ownUrl}/archive")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        (await editor.Client.PostJsonAsync($"/api/v1/articles/{Id(own)}/archive")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Status_Trashed_Lists_The_Trash_For_Those_Who_May_Restore_From_It()
    {
        var editor = await api.EditorAsync();
        var owner = await api.CallerAsync(Role.Author);
        var (own, ownETag, ownUrl) = await owner.CreateArticleAsync();
        var other = await api.CallerAsync(Role.Author);
        var (kept, _, _) = await other.CreateArticleAsync();
        (await owner.Client.DeleteAsync(ownUrl, ownETag)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        Ids(await ListAsync(editor.Client, $"status=trashed&author={await AuthorSlugAsync(owner)}")).ShouldBe([Id(own)]);
        Ids(await ListAsync(owner.Client, "status=trashed")).ShouldBe([Id(own)]);
        Ids(await ListAsync(other.Client, "status=trashed")).ShouldBeEmpty();
        Ids(await ListAsync(editor.Client, "status=any&limit=100")).ShouldNotContain(Id(own));
        Ids(await ListAsync(other.Client, $"status=any&author={await AuthorSlugAsync(other)}")).ShouldBe([Id(kept)]);
        await (await api.CreateClient().GetAsync("/api/v1/articles?status=trashed", _ct)).ShouldBeValidationProblemAsync("status");
        Ids(await ListAsync(owner.Client, "status=trashed,draft")).ShouldBe([Id(own)]);
        Ids(await ListAsync(owner.Client, "status=trashed,published")).ShouldBeEmpty();
    }

    async Task<string> AuthorSlugAsync(Caller caller)
    {
        await using var db = api.Database.CreateContext();
        return db.Authors.Single(a => a.Id == caller.AuthorId).Slug;
    }
}
