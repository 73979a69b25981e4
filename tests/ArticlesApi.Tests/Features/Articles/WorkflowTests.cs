using System.Net;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Articles;

public sealed class WorkflowTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_Without_Body_Publishes_Now()
    {
        var editor = await api.EditorAsync();
        var (_, _, url) = await editor.CreateArticleAsync();
        api.Time.Advance(TimeSpan.FromMinutes(5));

        var article = await (await editor.Client.PostJsonAsync($"{url}/publish")).JsonAsync();

        article.GetProperty("status").GetString().ShouldBe("published");
        article.GetProperty("publishedAt").GetDateTime().ShouldBe(api.Now);
    }

    [Fact]
    public async Task Publish_At_A_Future_Time_Schedules_And_A_Past_Time_Publishes()
    {
        var editor = await api.EditorAsync();
        var (_, _, url) = await editor.CreateArticleAsync();

        var scheduled = await (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = "2099-01-01T08:00:00Z" })).JsonAsync();
        scheduled.GetProperty("status").GetString().ShouldBe("scheduled");
        scheduled.GetProperty("publishedAt").GetDateTime().ShouldBe(new DateTime(2099, 1, 1, 8, 0, 0, DateTimeKind.Utc));

        var published = await (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = "2020-05-01T10:00:00+02:00" })).JsonAsync();
        published.GetProperty("status").GetString().ShouldBe("published");
        published.GetProperty("publishedAt").GetDateTime().ShouldBe(new DateTime(2020, 5, 1, 8, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task PublishedAt_Survives_Unpublish_And_Republish()
    {
        var editor = await api.EditorAsync();
        var (_, _, url) = await editor.CreateArticleAsync();
        var first = (await (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = "2021-03-04T05:06:07Z" })).JsonAsync())
            .GetProperty("publishedAt").GetDateTime();

        var draft = await (await editor.Client.PostJsonAsync($"{url}/unpublish")).JsonAsync();
        draft.GetProperty("status").GetString().ShouldBe("draft");
        draft.GetProperty("publishedAt").GetDateTime().ShouldBe(first);

        var again = await (await editor.Client.PostJsonAsync($"{url}/publish")).JsonAsync();
        again.GetProperty("status").GetString().ShouldBe("published");
        again.GetProperty("publishedAt").GetDateTime().ShouldBe(first);
    }

    [Theory]
    [InlineData("""{ "publishAt": "tomorrow" }""")]
    [InlineData("""{ "publishAt": 5 }""")]
    [InlineData("""{ "publishAt": "0001-01-01T00:00:00Z" }""")]
    public async Task Publish_With_Invalid_Date_Returns_400_Naming_PublishAt(string json)
    {
        var editor = await api.EditorAsync();
        var (_, _, url) = await editor.CreateArticleAsync();
        await (await editor.Client.PostJsonAsync($"{url}/publish", json)).ShouldBeValidationProblemAsync("publishAt");
    }

    [Fact]
    public async Task Trash_Then_Restore_Then_Permanent_Delete()
    {
        var admin = await api.AdminAsync();
        var (article, etag, url) = await admin.CreateArticleAsync();
        var id = article.GetProperty("id").GetGuid();

        (await admin.Client.DeleteAsync(url, etag)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = api.Database.CreateContext())
            (await db.Articles.SingleAsync(a => a.Id == id, _ct)).DeletedAt.ShouldNotBeNull();
        await (await admin.Client.PutJsonAsync(url, Requests.Article(article.GetProperty("authors")[0].GetProperty("id").GetString()!), etag))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");

        // A minute later: the restored article's updatedAt, and so its ETag, differ from the first ones.
        api.Time.Advance(TimeSpan.FromMinutes(1));
        var restored = await admin.Client.PostJsonAsync($"{url}/restore");
        restored.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var db = api.Database.CreateContext())
            (await db.Articles.SingleAsync(a => a.Id == id, _ct)).DeletedAt.ShouldBeNull();

        (await admin.Client.DeleteAsync(url, etag)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await admin.Client.DeleteAsync($"{url}?permanent=true", restored.ETag())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = api.Database.CreateContext())
            (await db.Articles.AnyAsync(a => a.Id == id, _ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task Permanent_Delete_From_The_Trash_Accepts_If_Match_Star()
    {
        var admin = await api.AdminAsync();
        var (_, etag, url) = await admin.CreateArticleAsync();
        (await admin.Client.DeleteAsync(url, etag)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await admin.Client.DeleteAsync($"{url}?permanent=true", "*")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Put_Replaces_Fields_And_Relations_And_Recomputes_Derived_Ones()
    {
        var editor = await api.EditorAsync();
        var source = (await editor.NewSourceIdAsync()).ToString();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var (article, etag, url) = await editor.CreateArticleAsync(Requests.Article(author)
            .With("tags", new[] { $"vecchio {Guid.NewGuid():N}" })
            .With("citations", new[] { new { source, claim = "old" } }));
        var other = (await editor.NewAuthorIdAsync()).ToString();

        var response = await editor.Client.PutJsonAsync(url, Requests.Article(other, author)
            .With("title", "Nuovo titolo")
            .With("body", new { markdown = "Una due tre quattro.\n\nCinque." })
            .With("citations", new[] { new { source, claim = "new 1" }, new { source, claim = "new 2" } }), etag);

        var updated = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, updated.GetRawText());
        updated.GetProperty("slug").GetString().ShouldBe(article.GetProperty("slug").GetString());
        updated.GetProperty("title").GetString().ShouldBe("Nuovo titolo");
        updated.GetProperty("excerpt").GetString().ShouldBe("Una due tre quattro.");
        updated.GetProperty("wordCount").GetInt32().ShouldBe(5);
        updated.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ShouldBe([other, author]);
        updated.GetProperty("tags").GetArrayLength().ShouldBe(0);
        updated.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("claim").GetString()).ShouldBe(["new 1", "new 2"]);
        response.ETag().ShouldNotBe(etag);
    }

    [Fact]
    public async Task Put_With_Slug_Taken_By_Another_Article_Returns_409()
    {
        var editor = await api.EditorAsync();
        var (first, _, _) = await editor.CreateArticleAsync();
        var (second, etag, url) = await editor.CreateArticleAsync();
        var slug = first.GetProperty("slug").GetString()!;

        var problem = await (await editor.Client.PutJsonAsync(url,
            Requests.Article(second.GetProperty("authors")[0].GetProperty("id").GetString()!).With("slug", slug), etag))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "slug-taken");
        problem.GetProperty("slug").GetString().ShouldBe(slug);
    }

    [Fact]
    public async Task Put_Without_If_Match_Returns_428()
    {
        var editor = await api.EditorAsync();
        var (article, _, url) = await editor.CreateArticleAsync();
        await (await editor.Client.PutJsonAsync(url, Requests.Article(article.GetProperty("authors")[0].GetProperty("id").GetString()!), null))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, "precondition-required");
    }

    [Fact]
    public async Task A_Half_Valid_Put_Leaves_The_Article_Unchanged()
    {
        var editor = await api.EditorAsync();
        var source = (await editor.NewSourceIdAsync()).ToString();
        var (article, etag, url) = await editor.CreateArticleAsync(Requests.Article((await editor.NewAuthorIdAsync()).ToString())
            .With("citations", new[] { new { source, claim = "kept" } }));
        var author = article.GetProperty("authors")[0].GetProperty("id").GetString()!;

        await (await editor.Client.PutJsonAsync(url, Requests.Article(author).With("title", "changed")
            .With("citations", new[] { new { source, claim = "a" }, new { source, claim = "b" }, new { source = "missing-source", claim = "c" } }), etag))
            .ShouldBeValidationProblemAsync("citations[2].source");

        // Same ETag still valid: nothing changed.
        var ok = await editor.Client.PutJsonAsync(url, Requests.Article(author), etag);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
