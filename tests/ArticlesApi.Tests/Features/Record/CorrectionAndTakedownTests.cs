using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Record;

/// Public corrections appended to published articles, and takedowns: gone (410) for all but editors and admins until an
/// admin restores the article.
public sealed class CorrectionAndTakedownTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    async Task<(Infrastructure.Caller Editor, JsonElement Article, string Url)> PublishedAsync()
    {
        var editor = await api.EditorAsync();
        var (article, _, url) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (editor, article, url);
    }

    async Task<List<ContentChange>> ChangesOfAsync(Guid id)
    {
        await using var db = api.Database.CreateContext();
        return await db.ContentChanges.AsNoTracking().Where(c => c.ResourceId == id).OrderBy(c => c.Sequence).ToListAsync(_ct);
    }

    [Fact]
    public async Task A_Correction_Is_Appended_To_The_Public_Article_As_An_Update()
    {
        var (editor, article, url) = await PublishedAsync();
        var before = await api.CreateClient().GetAsync(url, _ct);
        api.Time.Advance(TimeSpan.FromMinutes(3));

        var corrected = await editor.Client.PostJsonAsync($"{url}/corrections", new { kind = "correction", note = "The figure was **240**, not 200." });

        corrected.StatusCode.ShouldBe(HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync(_ct));
        var read = await api.CreateClient().GetAsync(url, _ct);
        read.ETag().ShouldNotBe(before.ETag());
        var json = await read.JsonAsync();
        var correction = json.GetProperty("corrections").EnumerateArray().ShouldHaveSingleItem();
        correction.GetProperty("kind").GetString().ShouldBe("correction");
        correction.GetProperty("note").GetString().ShouldBe("The figure was **240**, not 200.");
        correction.GetProperty("html").GetString()!.ShouldContain("<strong>240</strong>");
        correction.GetProperty("at").GetDateTime().ShouldBe(api.Now);
        json.GetProperty("updatedAt").GetDateTime().ShouldBe(api.Now);
        (json.TryGetProperty("retraction", out var retraction) && retraction.ValueKind != JsonValueKind.Null).ShouldBeFalse();
        var change = (await ChangesOfAsync(article.GetProperty("id").GetGuid()))[^1];
        (change.Kind, change.WasPublic, change.IsPublic).ShouldBe((ChangeKind.Updated, true, true));
    }

    [Fact]
    public async Task A_Retracted_Article_Stays_Readable_With_Its_Retraction_On_Top_After_Earlier_Corrections()
    {
        var (editor, _, url) = await PublishedAsync();
        (await editor.Client.PostJsonAsync($"{url}/corrections", new { kind = "clarification", note = "Clarified." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        api.Time.Advance(TimeSpan.FromMinutes(1));
        (await editor.Client.PostJsonAsync($"{url}/corrections", new { kind = "retraction", note = "Retracted: the source was forged." }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var json = await (await api.CreateClient().GetAsync(url, _ct)).JsonAsync();

        json.GetProperty("corrections").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).ShouldBe(["clarification", "retraction"]);
        json.GetProperty("retraction").GetProperty("note").GetString().ShouldBe("Retracted: the source was forged.");
        json.GetProperty("status").GetString().ShouldBe("published");
    }

    [Fact]
    public async Task A_Correction_On_A_Draft_Returns_409_And_Writes_Nothing()
    {
        var editor = await api.EditorAsync();
        var (article, etag, url) = await editor.CreateArticleAsync();

        var refused = await editor.Client.PostJsonAsync($"{url}/corrections", new { kind = "correction", note = "Too early." });

        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not-published");
        (await editor.Client.GetAsync(url, _ct)).ETag().ShouldBe(etag);
        (await ChangesOfAsync(article.GetProperty("id").GetGuid())).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("""{ "kind": "erratum", "note": "x" }""", "kind")]
    [InlineData("""{ "note": "x" }""", "kind")]
    [InlineData("""{ "kind": 7, "note": "x" }""", "kind")]
    [InlineData("""{ "kind": "update", "note": null }""", "note")]
    [InlineData("""{ "kind": "update", "note": "" }""", "note")]
    public async Task A_Correction_Without_A_Known_Kind_Or_A_Note_Returns_400_Naming_It(string body, string field)
    {
        var (editor, _, url) = await PublishedAsync();

        await (await editor.Client.PostJsonAsync($"{url}/corrections", body)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Authors_May_Not_Correct_Even_Their_Own_Articles()
    {
        var author = await api.CallerAsync(Role.Author);
        var (_, _, url) = await author.CreateArticleAsync();
        (await author.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await author.Client.PostJsonAsync($"{url}/corrections", new { kind = "correction", note = "Mine." }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_Taken_Down_Article_Is_Gone_For_The_Public_And_Its_Authors_But_Not_For_Staff()
    {
        var author = await api.CallerAsync(Role.Author);
        var (article, _, url) = await author.CreateArticleAsync();
        (await author.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var slug = article.GetProperty("slug").GetString()!;
        var anonymous = api.CreateClient();
        (await anonymous.GetAsync(url, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var editor = await api.EditorAsync();

        var takenDown = await editor.Client.PostJsonAsync($"{url}/takedown", new { reason = "Court order 12/2026" });

        takenDown.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await takenDown.JsonAsync()).GetProperty("status").GetString().ShouldBe("takenDown");
        await (await anonymous.GetAsync(url, _ct)).ShouldBeProblemAsync(HttpStatusCode.Gone, "gone");
        await (await anonymous.GetAsync($"/api/v1/articles/{slug}", _ct)).ShouldBeProblemAsync(HttpStatusCode.Gone, "gone");
        await (await author.Client.GetAsync(url, _ct)).ShouldBeProblemAsync(HttpStatusCode.Gone, "gone");
        (await editor.Client.GetAsync(url, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetStringAsync("/api/v1/articles?limit=100", _ct)).ShouldNotContain(slug);
        (await author.Client.GetStringAsync("/api/v1/articles?limit=100&status=draft,published", _ct)).ShouldNotContain(slug);
        var change = (await ChangesOfAsync(article.GetProperty("id").GetGuid()))[^1];
        (change.Kind, change.WasPublic, change.IsPublic).ShouldBe((ChangeKind.Deleted, true, false));
        var revision = (await (await editor.Client.GetAsync($"{url}/revisions?limit=1", _ct)).JsonAsync()).GetProperty("data")[0];
        revision.GetProperty("action").GetString().ShouldBe("takenDown");
        revision.GetProperty("note").GetString().ShouldBe("Court order 12/2026");
        revision.GetProperty("by").GetProperty("keyId").GetGuid().ShouldBe(editor.KeyId);
    }

    [Fact]
    public async Task A_Taken_Down_Article_Cannot_Be_Published_Edited_Corrected_Or_Restored_To_A_Revision()
    {
        var (editor, article, url) = await PublishedAsync();
        (await editor.Client.PostJsonAsync($"{url}/takedown", new { reason = "Legal" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = (await editor.Client.GetAsync(url, _ct)).ETag();
        var author = article.GetProperty("authors")[0].GetProperty("id").GetString()!;

        await (await editor.Client.PostJsonAsync($"{url}/publish")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "taken-down");
        await (await editor.Client.PostJsonAsync($"{url}/unpublish")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "taken-down");
        await (await editor.Client.PutJsonAsync(url, Requests.Article(author), etag)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "taken-down");
        await (await editor.Client.PostJsonAsync($"{url}/corrections", new { kind = "update", note = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "taken-down");
        await (await editor.Client.SendJsonAsync(HttpMethod.Post, $"{url}/revisions/1/restore", ifMatch: etag))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "taken-down");
        await (await editor.Client.PostJsonAsync($"{url}/takedown", new { reason = "Again" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "taken-down");
        (await editor.Client.GetAsync(url, _ct)).ETag().ShouldBe(etag);
    }

    [Fact]
    public async Task Only_An_Admins_Restore_Brings_A_Taken_Down_Article_Back_As_It_Was()
    {
        var (editor, _, url) = await PublishedAsync();
        (await editor.Client.PostJsonAsync($"{url}/takedown", new { reason = "Legal" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await api.AdminAsync();

        await (await editor.Client.PostJsonAsync($"{url}/restore")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var restored = await admin.Client.PostJsonAsync($"{url}/restore");

        restored.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await restored.JsonAsync()).GetProperty("status").GetString().ShouldBe("published");
        (await api.CreateClient().GetAsync(url, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var revision = (await (await admin.Client.GetAsync($"{url}/revisions?limit=1", _ct)).JsonAsync()).GetProperty("data")[0];
        revision.GetProperty("action").GetString().ShouldBe("takedownLifted");
    }

    [Fact]
    public async Task Takedown_Needs_A_Reason()
    {
        var (editor, _, url) = await PublishedAsync();

        await (await editor.Client.PostJsonAsync($"{url}/takedown", new { reason = "" })).ShouldBeValidationProblemAsync("reason");
    }
}
