using System.Net;
using System.Text.Json;
using ArticlesApi.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Media;

/// A media item's metadata reaches the articles that show it: a media PUT updates them (recorded as content changes), and
/// every rendering of a body (writes, corrections, BodyRerendering) loads the media items its images show.
public sealed class MediaInArticlesTests(MediaApi api) : IClassFixture<MediaApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    async Task<(Caller Editor, Guid Media, string MediaETag, string Url, string Author)> UploadAsync()
    {
        var editor = await api.EditorAsync();
        var response = await editor.Client.UploadAsync(TestImages.Of("jpeg", 800, 500), "Delegates at the table", "g.jpg",
            caption: "Geneva, the second day", credit: "Foto: Redazione");
        var media = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        return (editor, media.GetProperty("id").GetGuid(), response.ETag(), media.GetProperty("url").GetString()!,
            (await editor.NewAuthorIdAsync()).ToString());
    }

    async Task<(JsonElement Article, string ETag)> ReadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, _ct);
        return (await response.ReadAsync<JsonElement>(HttpStatusCode.OK), response.ETag());
    }

    async Task<(List<(string Resource, Guid Id)> Entries, string Cursor)> ChangesAsync(HttpClient client, string? cursor)
    {
        var entries = new List<(string, Guid)>();
        while (true)
        {
            var page = await (await client.GetAsync("/api/v1/changes?limit=100" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), _ct))
                .ReadAsync<JsonElement>(HttpStatusCode.OK);
            entries.AddRange(page.GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("resource").GetString()!, e.GetProperty("id").GetGuid())));
            cursor = page.GetProperty("meta").GetProperty("nextCursor").GetString()!;
            if (!page.GetProperty("meta").GetProperty("hasMore").GetBoolean())
                return (entries, cursor);
        }
    }

    static string ImgAlt(JsonElement article, string src)
    {
        var html = article.GetProperty("body").GetProperty("html").GetString()!;
        var img = html[html.IndexOf($"<img src=\"{src}\"", StringComparison.Ordinal)..];
        img = img[..img.IndexOf('>')];
        return img[(img.IndexOf("alt=\"", StringComparison.Ordinal) + 5)..].TrimEnd('"');
    }

    [Fact]
    public async Task Media_Put_Updates_Every_Article_Showing_It_With_New_ETags_And_Change_Feed_Entries()
    {
        var (editor, id, mediaETag, src, author) = await UploadAsync();
        // Follows the item: feature image without words of its own, and an inline image without alt text.
        var (follows, _, followsUrl) = await editor.CreateArticleAsync(Requests.Article(author)
            .With("featureImage", new { media = id })
            .With("body", new { markdown = $"Before.\n\n![](media:{id})\n\nAfter." }));
        (await editor.Client.PostJsonAsync($"/api/v1/articles/{follows.GetProperty("id").GetString()}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Its own alt text on both: only the credit and caption follow.
        var (own, _, ownUrl) = await editor.CreateArticleAsync(Requests.Article(author)
            .With("featureImage", new { media = id, alt = "Our own words" })
            .With("body", new { markdown = $"![The author's alt](media:{id})" }));
        var (unrelated, _, unrelatedUrl) = await editor.CreateArticleAsync(Requests.Article(author));
        var reader = api.CreateClient();
        var (before, beforeETag) = await ReadAsync(reader, followsUrl);
        var (ownBefore, ownBeforeETag) = await ReadAsync(editor.Client, ownUrl);
        var (_, unrelatedETag) = await ReadAsync(editor.Client, unrelatedUrl);
        before.GetProperty("featureImage").GetProperty("alt").GetString().ShouldBe("Delegates at the table");
        ImgAlt(before, src).ShouldBe("Delegates at the table");
        var (_, cursor) = await ChangesAsync(editor.Client, null);

        (await editor.Client.PutJsonAsync($"/api/v1/media/{id}",
            new { alt = "Two delegations facing each other", caption = "Geneva, the third day", credit = "Foto: Anna Neri" }, mediaETag))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var (after, afterETag) = await ReadAsync(reader, followsUrl);
        afterETag.ShouldNotBe(beforeETag);
        var image = after.GetProperty("featureImage");
        (image.GetProperty("alt").GetString(), image.GetProperty("caption").GetString(), image.GetProperty("credit").GetString())
            .ShouldBe(("Two delegations facing each other", "Geneva, the third day", "Foto: Anna Neri"));
        ImgAlt(after, src).ShouldBe("Two delegations facing each other");
        after.GetProperty("updatedAt").GetDateTime().ShouldBeGreaterThan(before.GetProperty("updatedAt").GetDateTime());

        var (ownAfter, ownAfterETag) = await ReadAsync(editor.Client, ownUrl);
        ownAfterETag.ShouldNotBe(ownBeforeETag);
        ownAfter.GetProperty("featureImage").GetProperty("alt").GetString().ShouldBe("Our own words");
        ownAfter.GetProperty("featureImage").GetProperty("credit").GetString().ShouldBe("Foto: Anna Neri");
        ImgAlt(ownAfter, src).ShouldBe("The author's alt");
        ownAfter.GetProperty("body").GetProperty("html").GetString().ShouldBe(ownBefore.GetProperty("body").GetProperty("html").GetString());
        (await ReadAsync(editor.Client, unrelatedUrl)).ETag.ShouldBe(unrelatedETag);

        var (changes, _) = await ChangesAsync(editor.Client, cursor);
        changes.Where(c => c.Resource == "article").Select(c => c.Id).Order()
            .ShouldBe(new[] { follows.GetProperty("id").GetGuid(), own.GetProperty("id").GetGuid() }.Order(),
                $"follows {follows.GetProperty("id")}, own {own.GetProperty("id")}: {string.Join(", ", changes)}");
        changes.ShouldNotContain(("article", unrelated.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Media_Put_Leaves_Articles_Alone_When_What_They_Show_Does_Not_Change()
    {
        var (editor, id, mediaETag, _, author) = await UploadAsync();
        var (_, _, url) = await editor.CreateArticleAsync(Requests.Article(author)
            .With("featureImage", new { media = id, alt = "Ours", caption = "Ours too", credit = "Our credit" })
            .With("body", new { markdown = $"![Ours](media:{id})" }));
        var (_, etag) = await ReadAsync(editor.Client, url);
        var (_, cursor) = await ChangesAsync(editor.Client, null);

        (await editor.Client.PutJsonAsync($"/api/v1/media/{id}", new { alt = "Changed", license = "CC0" }, mediaETag)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ReadAsync(editor.Client, url)).ETag.ShouldBe(etag);
        (await ChangesAsync(editor.Client, cursor)).Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Rerendering_An_Older_Body_Keeps_Its_Media_Images()
    {
        var (editor, id, _, src, author) = await UploadAsync();
        var (article, _, url) = await editor.CreateArticleAsync(Requests.Article(author)
            .With("body", new { markdown = $"Before.\n\n![](media:{id})" }));
        var written = article.GetProperty("body").GetProperty("html").GetString()!;
        written.ShouldContain($"<img src=\"{src}\" srcset=\"");
        // As an older renderer stored it.
        await using (var db = api.Database.CreateContext())
            await db.Database.ExecuteSqlAsync($"UPDATE articles SET body_renderer_version = 0, body_html = '<p>Before.</p>' WHERE id = {article.GetProperty("id").GetGuid()}", _ct);

        await using var restarted = api.WithWebHostBuilder(_ => { });
        (await restarted.Services.GetRequiredService<BodyRerendering>().Completion.WaitAsync(_ct)).ShouldBe(1);

        var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = editor.Client.DefaultRequestHeaders.Authorization;
        var (read, _) = await ReadAsync(client, url);
        read.GetProperty("body").GetProperty("html").GetString().ShouldBe(written);
    }

    [Fact]
    public async Task A_Correction_Note_Shows_Media_Images_And_Names_An_Unknown_One()
    {
        var (editor, id, _, src, author) = await UploadAsync();
        var (article, _, _) = await editor.CreateArticleAsync(Requests.Article(author));
        var articleId = article.GetProperty("id").GetString();
        (await editor.Client.PostJsonAsync($"/api/v1/articles/{articleId}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var unknown = await editor.Client.PostJsonAsync($"/api/v1/articles/{articleId}/corrections",
            new { kind = "correction", note = $"See ![](media:{Guid.NewGuid()})" });
        (await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation")).GetRawText().ShouldContain("\"note\"");

        var corrected = await (await editor.Client.PostJsonAsync($"/api/v1/articles/{articleId}/corrections",
            new { kind = "correction", note = $"The right picture:\n\n![](media:{id})" })).ReadAsync<JsonElement>(HttpStatusCode.OK);
        var note = corrected.GetProperty("corrections").EnumerateArray().Last().GetProperty("html").GetString()!;
        note.ShouldContain($"<img src=\"{src}\" srcset=\"");
        note.ShouldContain("alt=\"Delegates at the table\"");
    }
}
