using System.Net;
using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Record;

/// Revisions and corrections where they meet the rest of wave 2: kind, featured, seo, the translation group and the
/// tags' order are in every revision, its diff and its restore; archived and trashed articles keep their record.
public sealed class RevisionSeamTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(x => x.GetString()!)];

    static string[] TagSlugs(JsonElement article) => [.. article.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("slug").GetString()!)];

    async Task<JsonElement> ReadAsync(Caller caller, string url) => await (await caller.Client.GetAsync(url, _ct)).JsonAsync();

    [Fact]
    public async Task Kind_Featured_Seo_And_The_Tags_Order_Are_Recorded_Compared_And_Restored()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (article, etag, url) = await editor.CreateArticleAsync(Requests.Article(author)
            .With("tags", new[] { $"Alpha {suffix}", $"Beta {suffix}" }).With("kind", "analysis").With("featured", true)
            .With("seo", new { metaTitle = "The old meta title" }));
        var tags = TagSlugs(article);

        var changed = await editor.Client.PutJsonAsync(url, Requests.Article(author)
            .With("tags", new[] { $"Beta {suffix}", $"Alpha {suffix}" }).With("kind", "factCheck").With("featured", false)
            .With("seo", new { metaTitle = "A new meta title" }), etag);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);

        var second = await ReadAsync(editor, $"{url}/revisions/2");
        Strings(second.GetProperty("changed")).ShouldContain("kind");
        Strings(second.GetProperty("changed")).ShouldContain("featured");
        Strings(second.GetProperty("changed")).ShouldContain("seo");
        Strings(second.GetProperty("changed")).ShouldContain("tags", "the same tags in another order: the primary tag changed");
        second.GetProperty("article").GetProperty("kind").GetString().ShouldBe("factCheck");
        var first = (await ReadAsync(editor, $"{url}/revisions/1")).GetProperty("article");
        first.GetProperty("kind").GetString().ShouldBe("analysis");
        first.GetProperty("featured").GetBoolean().ShouldBeTrue();
        first.GetProperty("seo").GetProperty("metaTitle").GetString().ShouldBe("The old meta title");
        first.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(article.GetProperty("tags").EnumerateArray()
            .Select(t => t.GetProperty("id").GetString()));

        var diff = (await ReadAsync(editor, $"{url}/revisions/2/diff")).GetProperty("fields").EnumerateArray()
            .ToDictionary(f => f.GetProperty("field").GetString()!, f => f.GetProperty("changed").GetBoolean());
        (diff["kind"], diff["featured"], diff["seo"], diff["tags"], diff["translationGroup"]).ShouldBe((true, true, true, true, false));

        var restored = await editor.Client.SendJsonAsync(HttpMethod.Post, $"{url}/revisions/1/restore", ifMatch: changed.ETag());

        restored.StatusCode.ShouldBe(HttpStatusCode.OK);
        var now = await restored.JsonAsync();
        now.GetProperty("kind").GetString().ShouldBe("analysis");
        now.GetProperty("featured").GetBoolean().ShouldBeTrue();
        now.GetProperty("seo").GetProperty("metaTitle").GetString().ShouldBe("The old meta title");
        TagSlugs(now).ShouldBe(tags);
        now.GetProperty("primaryTag").GetProperty("slug").GetString().ShouldBe(tags[0]);
        var third = await ReadAsync(editor, $"{url}/revisions/3");
        Strings(third.GetProperty("changed")).ShouldContain("tags");
    }

    [Fact]
    public async Task Restoring_Into_A_Group_That_Has_Its_Language_Now_Returns_409_Naming_The_Article_And_Changes_Nothing()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var (italian, _, italianUrl) = await editor.CreateArticleAsync(Requests.Article(author));
        var (english, etag, url) = await editor.CreateArticleAsync(Requests.Article(author).With("language", "en")
            .With("translationOf", italian.GetProperty("id").GetString()));
        var left = await editor.Client.PutJsonAsync(url, Requests.Article(author).With("language", "en").With("translationOf", null), etag);
        left.StatusCode.ShouldBe(HttpStatusCode.OK);
        Strings((await ReadAsync(editor, $"{url}/revisions/2")).GetProperty("changed")).ShouldContain("translationGroup");
        var (other, _, otherUrl) = await editor.CreateArticleAsync(Requests.Article(author).With("language", "en")
            .With("translationOf", italian.GetProperty("id").GetString()));

        var refused = await editor.Client.SendJsonAsync(HttpMethod.Post, $"{url}/revisions/1/restore", ifMatch: left.ETag());

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "translation-language-taken");
        problem.GetProperty("slug").GetString().ShouldBe(other.GetProperty("slug").GetString());
        (await editor.Client.GetAsync(url, _ct)).ETag().ShouldBe(left.ETag(), "nothing was written");
        (await ReadAsync(editor, $"{url}/revisions?limit=1")).GetProperty("data")[0].GetProperty("number").GetInt32().ShouldBe(2);

        // Once the other English article is in the trash, the restore takes the article back into its group.
        (await editor.Client.DeleteAsync(otherUrl, (await editor.Client.GetAsync(otherUrl, _ct)).ETag())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await editor.Client.SendJsonAsync(HttpMethod.Post, $"{url}/revisions/1/restore", ifMatch: left.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ReadAsync(editor, italianUrl)).GetProperty("translations").EnumerateArray().Select(t => t.GetProperty("id").GetString())
            .ShouldBe([english.GetProperty("id").GetString()]);
    }

    [Fact]
    public async Task An_Archived_Story_Takes_Corrections_And_Revision_Restores_And_Stays_Archived_While_The_Trash_Keeps_Only_Its_Record()
    {
        var editor = await api.EditorAsync();
        var (_, _, url) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{url}/archive")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var retraction = await editor.Client.PostJsonAsync($"{url}/corrections", new { kind = "retraction", note = "The agency withdrew its claim." });

        retraction.StatusCode.ShouldBe(HttpStatusCode.OK, "an old story is retracted after it left the front page, as in any newsroom");
        var archived = await retraction.JsonAsync();
        archived.GetProperty("status").GetString().ShouldBe("archived");
        archived.GetProperty("retraction").GetProperty("note").GetString().ShouldBe("The agency withdrew its claim.");
        var restored = await editor.Client.SendJsonAsync(HttpMethod.Post, $"{url}/revisions/1/restore", ifMatch: retraction.ETag());
        restored.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await restored.JsonAsync()).GetProperty("status").GetString().ShouldBe("archived", "a restore brings back content, not a status");
        (await restored.JsonAsync()).GetProperty("corrections").GetArrayLength().ShouldBe(1, "corrections are never undone by a restore");

        (await editor.Client.DeleteAsync(url, restored.ETag())).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await editor.Client.GetAsync($"{url}/revisions", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "the record of a trashed article stays readable");
        (await editor.Client.GetAsync($"{url}/revisions/1", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await editor.Client.PostJsonAsync($"{url}/corrections", new { kind = "correction", note = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await editor.Client.SendJsonAsync(HttpMethod.Post, $"{url}/revisions/1/restore", ifMatch: "*"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
