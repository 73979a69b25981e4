using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Tags;

/// A tag reaches the public only through published content: a contributor's draft that names a new
/// tag must not announce its topic in the tag list.
public sealed class TagVisibilityTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _anonymous = api.CreateClient();

    static string NewTagName() => $"Trattativa segreta {Guid.NewGuid().ToString("N")[..8]}";

    /// A contributor's draft carrying a tag no one has used yet; the tag as the draft shows it.
    async Task<(Caller Contributor, string ArticleUrl, JsonElement Tag)> DraftWithNewTagAsync()
    {
        var contributor = await api.CallerAsync(Role.Contributor);
        var body = Requests.Article(contributor.AuthorId!.Value.ToString()).With("tags", new[] { NewTagName() });
        var (article, _, url) = await contributor.CreateArticleAsync(body);
        return (contributor, url, article.GetProperty("tags")[0]);
    }

    async Task<bool> ListedAsync(HttpClient client, string slug)
    {
        for (string? cursor = null; ;)
        {
            var page = await (await client.GetAsync($"/api/v1/tags?limit=100{(cursor is null ? "" : $"&cursor={cursor}")}", _ct)).JsonAsync();
            if (page.GetProperty("data").EnumerateArray().Any(t => t.GetProperty("slug").GetString() == slug))
                return true;
            if (page.GetProperty("meta").GetProperty("nextCursor") is not { ValueKind: JsonValueKind.String } next)
                return false;
            cursor = next.GetString();
        }
    }

    [Fact]
    public async Task A_Tag_Created_By_A_Contributors_Draft_Is_Hidden_From_Anonymous_Callers_But_Not_From_Keys()
    {
        var (contributor, _, tag) = await DraftWithNewTagAsync();
        var (id, slug) = (tag.GetProperty("id").GetString()!, tag.GetProperty("slug").GetString()!);
        var editor = await api.EditorAsync();

        (await ListedAsync(_anonymous, slug)).ShouldBeFalse("a draft's tag must not reach the public list");
        await (await _anonymous.GetAsync($"/api/v1/tags/{slug}", _ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await _anonymous.GetAsync($"/api/v1/tags/{id}", _ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");

        (await ListedAsync(editor.Client, slug)).ShouldBeTrue();
        (await ListedAsync(contributor.Client, slug)).ShouldBeTrue();
        var read = await (await editor.Client.GetAsync($"/api/v1/tags/{slug}", _ct)).JsonAsync();
        read.GetProperty("id").GetString().ShouldBe(id);
        read.GetProperty("articleCount").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Publishing_The_Article_Makes_Its_New_Tag_Public_Through_The_Response_Cache()
    {
        var (_, url, tag) = await DraftWithNewTagAsync();
        var slug = tag.GetProperty("slug").GetString()!;
        // Both answers are now in the anonymous response cache.
        (await ListedAsync(_anonymous, slug)).ShouldBeFalse();
        (await _anonymous.GetAsync($"/api/v1/tags/{slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var editor = await api.EditorAsync();
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ListedAsync(_anonymous, slug)).ShouldBeTrue();
        var read = await (await _anonymous.GetAsync($"/api/v1/tags/{slug}", _ct)).JsonAsync();
        read.GetProperty("articleCount").GetInt32().ShouldBe(1);

        (await editor.Client.PostJsonAsync($"{url}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ListedAsync(_anonymous, slug)).ShouldBeFalse("back to a draft, the tag leaves the public list");
        (await _anonymous.GetAsync($"/api/v1/tags/{slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_Scheduled_Articles_New_Tag_Appears_Only_When_Its_Time_Comes()
    {
        var (_, url, tag) = await DraftWithNewTagAsync();
        var slug = tag.GetProperty("slug").GetString()!;
        var editor = await api.EditorAsync();
        var scheduled = await (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = api.Now.AddDays(1) })).JsonAsync();
        scheduled.GetProperty("status").GetString().ShouldBe("scheduled");

        (await _anonymous.GetAsync($"/api/v1/tags/{slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ListedAsync(_anonymous, slug)).ShouldBeFalse();

        // Its time comes without a write: the stored status still says scheduled.
        api.Time.Advance(TimeSpan.FromDays(1));

        (await ListedAsync(_anonymous, slug)).ShouldBeTrue();
        (await (await _anonymous.GetAsync($"/api/v1/tags/{slug}", _ct)).JsonAsync()).GetProperty("articleCount").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_Tag_Made_By_An_Editor_Stays_Hidden_From_Anonymous_Callers_Until_A_Published_Article_Carries_It()
    {
        var editor = await api.EditorAsync();
        var created = await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = NewTagName() })).JsonAsync();
        var slug = created.GetProperty("slug").GetString()!;
        (await _anonymous.GetAsync($"/api/v1/tags/{slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var (_, _, url) = await editor.CreateArticleAsync(Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("tags", new[] { slug }));
        (await _anonymous.GetAsync($"/api/v1/tags/{slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _anonymous.GetAsync($"/api/v1/tags/{slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
