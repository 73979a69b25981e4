using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Media;

/// `featureImage` is one of two forms (FeatureImageByUrl | FeatureImageByMedia in the document): neither, or a `url`
/// that is not the media item's, answers 400 naming `featureImage`; a read's featureImage sent back is accepted.
public sealed class FeatureImageFormsTests(MediaApi api) : IClassFixture<MediaApi>
{
    static async Task ShouldNameFeatureImageAsync(HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ShouldContain("featureImage", problem.GetRawText());
    }

    [Fact]
    public async Task FeatureImage_With_Neither_Url_Nor_Media_Returns_400_Naming_FeatureImage()
    {
        var editor = await api.EditorAsync();

        await ShouldNameFeatureImageAsync(await editor.Client.PostJsonAsync("/api/v1/articles",
            Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("featureImage", new { alt = "No picture" })));
    }

    [Fact]
    public async Task FeatureImage_With_Media_And_Another_Url_Returns_400_Naming_FeatureImage()
    {
        var editor = await api.EditorAsync();
        var (media, _) = await editor.UploadPngAsync();

        await ShouldNameFeatureImageAsync(await editor.Client.PostJsonAsync("/api/v1/articles",
            Requests.Article((await editor.NewAuthorIdAsync()).ToString())
                .With("featureImage", new { media = media.GetProperty("id").GetGuid(), url = "https://images.example.org/other.jpg" })));
    }

    [Fact]
    public async Task A_Read_FeatureImage_Sent_Back_With_Its_Media_And_Url_Is_Accepted()
    {
        var editor = await api.EditorAsync();
        var (media, _) = await editor.UploadPngAsync();
        var (article, etag, url) = await editor.CreateArticleAsync(Requests.Article((await editor.NewAuthorIdAsync()).ToString())
            .With("featureImage", new { media = media.GetProperty("id").GetGuid() }));
        article.GetProperty("featureImage").GetProperty("url").GetString().ShouldBe(media.GetProperty("url").GetString());

        var body = JsonNode.Parse(article.GetRawText())!.AsObject();
        body["title"] = "Sent back with its feature image as read";
        var put = await editor.Client.PutJsonAsync(url, body, etag);

        var replaced = await put.ReadAsync<JsonElement>(HttpStatusCode.OK);
        replaced.GetProperty("featureImage").GetProperty("media").GetGuid().ShouldBe(media.GetProperty("id").GetGuid());
    }
}
