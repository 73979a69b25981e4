using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Media;

/// Articles that use media items: the feature image by id (every read, feeds, structured data, revisions) and
/// `![alt](media:{id})` images in bodies; a media item in use cannot be deleted.
public sealed class ArticleMediaTests(MediaApi api) : IClassFixture<MediaApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    async Task<(Caller Editor, JsonElement Media, string MediaETag, string Author)> SetUpAsync()
    {
        var editor = await api.EditorAsync();
        var response = await editor.Client.UploadAsync(TestImages.Of("jpeg", 1000, 600), "Delegations at the table", "g.jpg",
            caption: "Geneva, the second day", credit: "Foto: Redazione / CC BY 4.0");
        var media = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        return (editor, media, response.ETag(), (await editor.NewAuthorIdAsync()).ToString());
    }

    static void ShouldBeTheMedia(JsonElement image, JsonElement media, string alt = "Delegations at the table")
    {
        image.GetProperty("media").GetGuid().ShouldBe(media.GetProperty("id").GetGuid());
        image.GetProperty("url").GetString().ShouldBe(media.GetProperty("url").GetString());
        image.GetProperty("width").GetInt32().ShouldBe(1000);
        image.GetProperty("height").GetInt32().ShouldBe(600);
        image.GetProperty("contentType").GetString().ShouldBe("image/jpeg");
        image.GetProperty("alt").GetString().ShouldBe(alt);
        image.GetProperty("credit").GetString().ShouldBe("Foto: Redazione / CC BY 4.0");
        image.GetProperty("placeholder").GetString()!.ShouldStartWith("data:image/");
        image.GetProperty("renditions").EnumerateArray().Select(r => r.GetProperty("url").GetString())
            .ShouldBe(media.GetProperty("renditions").EnumerateArray().Select(r => r.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task FeatureImage_By_Media_Id_Reads_Back_With_Size_Renditions_And_Placeholder_Everywhere()
    {
        var (editor, media, _, author) = await SetUpAsync();
        var (article, _, url) = await editor.CreateArticleAsync(Requests.Article(author)
            .With("featureImage", new { media = media.GetProperty("id").GetGuid(), caption = "Our own caption" }));

        ShouldBeTheMedia(article.GetProperty("featureImage"), media);
        article.GetProperty("featureImage").GetProperty("caption").GetString().ShouldBe("Our own caption");
        var id = article.GetProperty("id").GetString();
        (await editor.Client.PostJsonAsync($"/api/v1/articles/{id}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var read = await (await api.CreateClient().GetAsync(url, _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        ShouldBeTheMedia(read.GetProperty("featureImage"), media);
        // The original, then the renditions in its format, widest first.
        read.GetProperty("structuredData").GetProperty("image").EnumerateArray().Select(i => i.GetProperty("url").GetString()).ShouldBe(
            media.GetProperty("renditions").EnumerateArray().Where(r => r.GetProperty("format").GetString() == "jpeg")
                .OrderByDescending(r => r.GetProperty("width").GetInt32()).Select(r => r.GetProperty("url").GetString())
                .Prepend(media.GetProperty("url").GetString()));

        var list = await (await api.CreateClient().GetAsync("/api/v1/articles?limit=100", _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        ShouldBeTheMedia(list.GetProperty("data").EnumerateArray().Single(a => a.GetProperty("id").GetString() == id).GetProperty("featureImage"), media);

        var rss = XDocument.Parse(await api.CreateClient().GetStringAsync("/api/v1/feeds/rss", _ct));
        XNamespace m = "http://search.yahoo.com/mrss/";
        var content = rss.Descendants(m + "content").Single(c => c.Attribute("url")?.Value == media.GetProperty("url").GetString());
        content.Attribute("type")!.Value.ShouldBe("image/jpeg");
        content.Attribute("fileSize")!.Value.ShouldBe(media.GetProperty("bytes").GetInt64().ToString());
        content.Attribute("width")!.Value.ShouldBe("1000");
        content.Attribute("height")!.Value.ShouldBe("600");
    }

    [Fact]
    public async Task FeatureImage_By_Url_Still_Works_And_An_Unknown_Media_Id_Is_400()
    {
        var (editor, _, _, author) = await SetUpAsync();
        var (article, _, _) = await editor.CreateArticleAsync(Requests.Article(author)
            .With("featureImage", new { url = "https://img.example.org/a.jpg", alt = "A" }));
        article.GetProperty("featureImage").GetProperty("url").GetString().ShouldBe("https://img.example.org/a.jpg");
        article.GetProperty("featureImage").TryGetProperty("renditions", out var r).ShouldBe(r.ValueKind == JsonValueKind.Null);

        var unknown = await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author).With("featureImage", new { media = Guid.NewGuid() }));
        var problem = await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.GetRawText().ShouldContain("featureImage.media");
        var neither = await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author).With("featureImage", new { alt = "Nothing" }));
        (await neither.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation")).GetProperty("errors")[0].GetProperty("name").GetString().ShouldBe("featureImage");
        var inBody = await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author)
            .With("body", new { markdown = $"Text.\n\n![x](media:{Guid.NewGuid()})" }));
        (await inBody.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation")).GetRawText().ShouldContain("body.markdown");
    }

    [Fact]
    public async Task Markdown_Media_Image_Renders_Img_With_Srcset_Width_Height_And_Lazy_Loading()
    {
        var (editor, media, _, author) = await SetUpAsync();
        var id = media.GetProperty("id").GetGuid();
        var (article, _, _) = await editor.CreateArticleAsync(Requests.Article(author)
            .With("body", new { markdown = $"Before.\n\n![The table](media:{id})\n\n![](media:{id})" }));

        var html = article.GetProperty("body").GetProperty("html").GetString()!;
        var original = media.GetProperty("url").GetString()!;
        var jpegs = media.GetProperty("renditions").EnumerateArray().Where(r => r.GetProperty("format").GetString() == "jpeg")
            .Select(r => $"{r.GetProperty("url").GetString()} {r.GetProperty("width").GetInt32()}w").Append($"{original} 1000w");
        html.ShouldContain($"<img src=\"{original}\" srcset=\"{string.Join(", ", jpegs)}\" sizes=\"(max-width: 1000px) 100vw, 1000px\" "
            + "width=\"1000\" height=\"600\" loading=\"lazy\" decoding=\"async\" alt=\"The table\">");
        html.ShouldContain("alt=\"Delegations at the table\">");
        html.ShouldNotContain("media:");
    }

    [Fact]
    public async Task Media_Delete_Answers_409_While_Featured_Or_Inline_And_204_Once_Dropped()
    {
        var (editor, media, etag, author) = await SetUpAsync();
        var id = media.GetProperty("id").GetGuid();
        var (featured, articleETag, url) = await editor.CreateArticleAsync(Requests.Article(author).With("featureImage", new { media = id }));
        var (_, inlineETag, inlineUrl) = await editor.CreateArticleAsync(Requests.Article(author).With("body", new { markdown = $"![x](media:{id})" }));

        // The answer names the articles (the foreign key alone would refuse too, without saying which).
        (await (await editor.Client.DeleteAsync($"/api/v1/media/{id}", etag)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "still-referenced"))
            .GetProperty("detail").GetString()!.ShouldContain(featured.GetProperty("slug").GetString()!);
        (await editor.Client.PutJsonAsync(url, Requests.Article(author), articleETag)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await editor.Client.DeleteAsync($"/api/v1/media/{id}", etag)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "still-referenced");
        (await editor.Client.PutJsonAsync(inlineUrl, Requests.Article(author), inlineETag)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await editor.Client.DeleteAsync($"/api/v1/media/{id}", etag)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Media_Delete_Answers_409_While_A_Correction_Note_Shows_It()
    {
        var (editor, media, etag, author) = await SetUpAsync();
        var id = media.GetProperty("id").GetGuid();
        var (article, _, url) = await editor.CreateArticleAsync(Requests.Article(author));
        (await editor.Client.PostJsonAsync($"/api/v1/articles/{article.GetProperty("id").GetString()}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Upper case: the renderer reads any form of the id, so the check must too.
        var corrected = await editor.Client.PostJsonAsync($"{url}/corrections",
            new { kind = "correction", note = $"The photo was of the second day: ![The table](media:{id.ToString().ToUpperInvariant()})" });
        (await corrected.ReadAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("corrections")[0].GetProperty("html").GetString()!
            .ShouldContain(media.GetProperty("url").GetString()!);

        // Notes are never edited: the picture a note shows must stay.
        (await (await editor.Client.DeleteAsync($"/api/v1/media/{id}", etag)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "still-referenced"))
            .GetProperty("detail").GetString()!.ShouldContain(article.GetProperty("slug").GetString()!);
        (await editor.Client.GetAsync($"/api/v1/media/{id}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Restoring_A_Revision_Keeps_The_Media_FeatureImage()
    {
        var (editor, media, _, author) = await SetUpAsync();
        var (article, etag, url) = await editor.CreateArticleAsync(Requests.Article(author).With("featureImage", new { media = media.GetProperty("id").GetGuid() }));
        var put = await editor.Client.PutJsonAsync(url, Requests.Article(author), etag);
        put.StatusCode.ShouldBe(HttpStatusCode.OK);

        var restored = await editor.Client.SendJsonAsync(HttpMethod.Post, $"/api/v1/articles/{article.GetProperty("id").GetString()}/revisions/1/restore",
            null, put.ETag());

        ShouldBeTheMedia((await restored.ReadAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("featureImage"), media);
    }
}
