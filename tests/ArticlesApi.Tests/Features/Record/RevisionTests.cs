using System.Net;
using System.Text.Json;
using ArticlesApi.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Record;

/// Every article write leaves a revision (ArticleRevisionLog), readable and restorable by those who may edit the article.
public sealed class RevisionTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static async Task<List<JsonElement>> RevisionsAsync(Infrastructure.Caller caller, string url)
    {
        var response = await caller.Client.GetAsync($"{url}/revisions?limit=100", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return [.. (await response.JsonAsync()).GetProperty("data").EnumerateArray()];
    }

    static bool Absent(JsonElement json, string member) =>
        !json.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null;

    static async Task<string> ETagOfAsync(Infrastructure.Caller caller, string url) =>
        (await caller.Client.GetAsync(url, TestContext.Current.CancellationToken)).ETag();

    [Fact]
    public async Task Every_Write_Leaves_A_Numbered_Revision_With_Who_What_And_The_Changed_Members()
    {
        var editor = await api.EditorAsync();
        var (article, etag, url) = await editor.CreateArticleAsync();
        var author = article.GetProperty("authors")[0].GetProperty("id").GetString()!;
        (await editor.Client.PutJsonAsync(url, Requests.Article(author).With("title", "A new title"), etag)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{url}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.DeleteAsync(url, await ETagOfAsync(editor, url))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await editor.Client.PostJsonAsync($"{url}/restore")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var revisions = await RevisionsAsync(editor, url);

        revisions.Select(r => r.GetProperty("action").GetString())
            .ShouldBe(["restored", "trashed", "unpublished", "published", "updated", "created"]);
        revisions.Select(r => r.GetProperty("number").GetInt32()).ShouldBe([6, 5, 4, 3, 2, 1]);
        revisions[4].GetProperty("changed").EnumerateArray().Select(c => c.GetString()).ShouldContain("title");
        revisions[3].GetProperty("changed").EnumerateArray().Select(c => c.GetString()).ShouldBe(["publishedAt", "status"]);
        var by = revisions[0].GetProperty("by");
        by.GetProperty("keyId").GetGuid().ShouldBe(editor.KeyId);
        by.GetProperty("keyName").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_Revision_Shows_The_Article_As_It_Was_Then()
    {
        var editor = await api.EditorAsync();
        var (article, etag, url) = await editor.CreateArticleAsync();
        var title = article.GetProperty("title").GetString();
        var author = article.GetProperty("authors")[0].GetProperty("id").GetString()!;
        (await editor.Client.PutJsonAsync(url, Requests.Article(author).With("title", "Changed"), etag)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var first = await (await editor.Client.GetAsync($"{url}/revisions/1", _ct)).JsonAsync();

        first.GetProperty("action").GetString().ShouldBe("created");
        first.GetProperty("article").GetProperty("title").GetString().ShouldBe(title);
        first.GetProperty("article").GetProperty("markdown").GetString().ShouldBe(article.GetProperty("body").GetProperty("markdown").GetString());
        first.GetProperty("article").GetProperty("authors")[0].GetString().ShouldBe(author);
        await (await editor.Client.GetAsync($"{url}/revisions/3", _ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Restoring_A_Revision_Needs_If_Match_And_Is_Itself_A_New_Revision()
    {
        var editor = await api.EditorAsync();
        var (article, etag, url) = await editor.CreateArticleAsync();
        var author = article.GetProperty("authors")[0].GetProperty("id").GetString()!;
        var source = await editor.NewSourceIdAsync();
        var changed = await editor.Client.PutJsonAsync(url, Requests.Article(author).With("title", "Second title")
            .With("citations", new[] { new { source = source.ToString(), claim = "A claim" } }), etag);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await editor.Client.PostJsonAsync($"{url}/revisions/1/restore")).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await editor.Client.SendJsonAsync(HttpMethod.Post, $"{url}/revisions/1/restore", ifMatch: etag))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var restored = await editor.Client.SendJsonAsync(HttpMethod.Post, $"{url}/revisions/1/restore", ifMatch: changed.ETag());

        restored.StatusCode.ShouldBe(HttpStatusCode.OK);
        var now = await restored.JsonAsync();
        now.GetProperty("title").GetString().ShouldBe(article.GetProperty("title").GetString());
        now.GetProperty("citations").GetArrayLength().ShouldBe(0);
        var revisions = await RevisionsAsync(editor, url);
        revisions[0].GetProperty("action").GetString().ShouldBe("revisionRestored");
        revisions[0].GetProperty("number").GetInt32().ShouldBe(3);
        revisions[0].GetProperty("changed").EnumerateArray().Select(c => c.GetString()).ShouldContain("citations");
        revisions[0].GetProperty("changed").EnumerateArray().Select(c => c.GetString()).ShouldContain("title");
    }

    [Fact]
    public async Task Restoring_A_Revision_That_Cites_A_Deleted_Source_Returns_409_Naming_It_And_Writes_Nothing()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var source = await editor.NewSourceIdAsync();
        var (_, etag, url) = await editor.CreateArticleAsync(Requests.Article(author)
            .With("citations", new[] { new { source = source.ToString(), claim = "A claim" } }));
        var edited = await editor.Client.PutJsonAsync(url, Requests.Article(author).With("title", "Without the source"), etag);
        edited.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.DeleteAsync($"/api/v1/sources/{source}", await ETagOfAsync(editor, $"/api/v1/sources/{source}")))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var refused = await editor.Client.SendJsonAsync(HttpMethod.Post, $"{url}/revisions/1/restore", ifMatch: edited.ETag());

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "revision-references-deleted");
        problem.GetProperty("errors")[0].GetProperty("name").GetString().ShouldBe("citations[0].source");
        (await RevisionsAsync(editor, url)).Count.ShouldBe(2);
        (await editor.Client.GetAsync(url, _ct)).ETag().ShouldBe(edited.ETag());
    }

    [Fact]
    public async Task The_Diff_Of_Two_Revisions_Marks_The_Lines_Of_Title_And_Body_That_Changed()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var (_, etag, url) = await editor.CreateArticleAsync(Requests.Article(author).With("title", "Old title")
            .With("body", new { markdown = "First paragraph.\n\nSecond paragraph." }));
        (await editor.Client.PutJsonAsync(url, Requests.Article(author).With("title", "New title")
            .With("body", new { markdown = "First paragraph.\n\nSecond paragraph, corrected." }), etag)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var diff = await (await editor.Client.GetAsync($"{url}/revisions/2/diff", _ct)).JsonAsync();

        diff.GetProperty("from").GetInt32().ShouldBe(1);
        var fields = diff.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!);
        fields["authors"].GetProperty("changed").GetBoolean().ShouldBeFalse();
        static string[] Lines(JsonElement field) =>
            [.. field.GetProperty("lines").EnumerateArray().Select(l => $"{l.GetProperty("kind").GetString()} {l.GetProperty("text").GetString()}")];
        Lines(fields["title"]).ShouldBe(["deleted Old title", "inserted New title"]);
        Lines(fields["markdown"]).ShouldBe(["unchanged First paragraph.", "unchanged ", "deleted Second paragraph.", "inserted Second paragraph, corrected."]);
        await (await editor.Client.GetAsync($"{url}/revisions/2/diff?against=9", _ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await editor.Client.GetAsync($"{url}/revisions/2/diff?against=0", _ct)).ShouldBeValidationProblemAsync("against");
    }

    [Fact]
    public async Task Revisions_Are_Hidden_From_The_Public_And_From_Authors_Who_May_Not_Edit_The_Article()
    {
        var editor = await api.EditorAsync();
        var otherAuthor = await api.CallerAsync(ArticlesApi.Domain.Role.Author);
        var (draft, _, draftUrl) = await editor.CreateArticleAsync();
        var (_, _, publicUrl) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{publicUrl}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await api.CreateClient().GetAsync($"{publicUrl}/revisions", _ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await otherAuthor.Client.GetAsync($"{publicUrl}/revisions/1", _ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await otherAuthor.Client.GetAsync($"{draftUrl}/revisions", _ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await otherAuthor.Client.GetAsync($"{draftUrl}/revisions/1/diff", _ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        draft.GetProperty("id").GetString().ShouldNotBeNull();
    }

    [Fact]
    public async Task The_List_Of_Revisions_Is_Paged_By_Cursor()
    {
        var editor = await api.EditorAsync();
        var (_, _, url) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{url}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var first = await (await editor.Client.GetAsync($"{url}/revisions?limit=2&total=true", _ct)).JsonAsync();
        var cursor = first.GetProperty("meta").GetProperty("nextCursor").GetString();
        var second = await (await editor.Client.GetAsync($"{url}/revisions?limit=2&cursor={Uri.EscapeDataString(cursor!)}", _ct)).JsonAsync();

        first.GetProperty("meta").GetProperty("total").GetInt32().ShouldBe(3);
        first.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()).ShouldBe([3, 2]);
        second.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()).ShouldBe([1]);
        Absent(second.GetProperty("meta"), "nextCursor").ShouldBeTrue();
    }

    [Fact]
    public async Task A_Scheduled_Publication_Records_A_Revision_By_No_Key()
    {
        var editor = await api.EditorAsync();
        var (article, _, url) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = api.Now.AddHours(1) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        api.Time.Advance(TimeSpan.FromHours(1));

        await using (var db = api.Database.CreateContext())
            (await ScheduledPublication.PromoteDueAsync(db, _ct)).ShouldBeGreaterThanOrEqualTo(1);

        var latest = (await RevisionsAsync(editor, url))[0];
        latest.GetProperty("action").GetString().ShouldBe("published");
        latest.GetProperty("changed").EnumerateArray().Select(c => c.GetString()).ShouldBe(["status"]);
        Absent(latest, "by").ShouldBeTrue();
        await using var check = api.Database.CreateContext();
        (await check.ArticleRevisions.CountAsync(r => r.ArticleId == article.GetProperty("id").GetGuid(), _ct)).ShouldBe(3);
    }
}
