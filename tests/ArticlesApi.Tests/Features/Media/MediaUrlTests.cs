using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ArticlesApi.Tests.Features.Media;

/// Every media URL the API hands out is absolute under a base from configuration (Media:PublicBaseUrl, else
/// {Api:PublicUrl}/media), never from the request's Host: media reads, featureImage and its renditions, body images,
/// feeds and structured data. Production without either setting does not start.
public sealed partial class MediaUrlTests(MediaApi api) : IClassFixture<MediaApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// Every URL of a stored media file in a text (JSON, XML, HTML; escaped or not): `…/media/{yyyy}/{MM}/{id}/{file}`.
    static List<string> MediaUrls(string text) =>
        [.. StoredFileUrl().Matches(text.Replace("\\/", "/").Replace("\\u0022", "\"")).Select(m => m.Value)];

    [GeneratedRegex(@"[^\s""'<>,()]*/media/[0-9]{4}/[0-9]{2}/[0-9a-f]{32}/[A-Za-z0-9_.-]+")]
    private static partial Regex StoredFileUrl();

    [Fact]
    public async Task Every_Media_Url_Is_Absolute_Under_The_Configured_Base_Whatever_The_Host_Header()
    {
        var editor = await api.EditorAsync();
        editor.Client.DefaultRequestHeaders.Host = "attacker.example";
        var upload = await editor.Client.UploadAsync(TestImages.Of("jpeg", 1000, 600), "Delegations at the table", credit: "Photo: Desk");
        var media = await upload.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var id = media.GetProperty("id").GetGuid();
        var (article, _, url) = await editor.CreateArticleAsync(Requests.Article((await editor.NewAuthorIdAsync()).ToString())
            .With("featureImage", new { media = id })
            .With("body", new { markdown = $"Before.\n\n![The table](media:{id})" }));
        (await editor.Client.PostJsonAsync($"/api/v1/articles/{article.GetProperty("id").GetString()}/publish"))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var reader = api.CreateClient();
        reader.DefaultRequestHeaders.Host = "attacker.example";
        var answers = new Dictionary<string, string>
        {
            ["upload"] = media.GetRawText(),
            ["media read"] = await editor.Client.GetStringAsync($"/api/v1/media/{id}", _ct),
            ["media list"] = await editor.Client.GetStringAsync("/api/v1/media", _ct),
            ["article write"] = article.GetRawText(),
            ["article read"] = await reader.GetStringAsync(url, _ct),
            ["article list"] = await reader.GetStringAsync("/api/v1/articles?limit=100", _ct),
            ["rss"] = await reader.GetStringAsync("/api/v1/feeds/rss", _ct),
            ["atom"] = await reader.GetStringAsync("/api/v1/feeds/atom", _ct),
            ["json feed"] = await reader.GetStringAsync("/api/v1/feeds/json", _ct),
        };

        foreach (var (name, text) in answers)
        {
            text.ShouldNotContain("attacker.example", customMessage: name);
            var urls = MediaUrls(text);
            urls.ShouldNotBeEmpty(name);
            urls.ShouldAllBe(u => u.StartsWith(ApiFactory.MediaBaseUrl + "/"), name);
        }
        // The article's feature image, its renditions, its body image and srcset, and structured data all carry them.
        var read = JsonDocument.Parse(answers["article read"]).RootElement;
        MediaUrls(read.GetProperty("featureImage").GetRawText()).Count.ShouldBe(1 + media.GetProperty("renditions").GetArrayLength());
        MediaUrls(read.GetProperty("body").GetProperty("html").GetString()!).Count.ShouldBeGreaterThan(2, "src and srcset");
        MediaUrls(read.GetProperty("structuredData").GetRawText()).ShouldNotBeEmpty();
        // And the URL as given is the file.
        (await api.CreateClient().GetAsync(media.GetProperty("url").GetString(), _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_A_Media_Base_Media_Urls_Are_Under_Api_PublicUrl()
    {
        using var host = api.WithWebHostBuilder(b =>
        {
            b.UseSetting("Api:PublicUrl", "https://api.example.org/news/");
            b.UseSetting("Media:PublicBaseUrl", "");
        });
        var editor = await ((ApiFactory)api).CallerAsync(ArticlesApi.Domain.Role.Editor);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = editor.Client.DefaultRequestHeaders.Authorization;

        var media = await (await client.UploadAsync(TestImages.Of("png"))).ReadAsync<JsonElement>(HttpStatusCode.Created);

        MediaUrls(media.GetRawText()).ShouldAllBe(u => u.StartsWith("https://api.example.org/news/media/"));
        MediaUrls(media.GetRawText()).Count.ShouldBe(1 + media.GetProperty("renditions").GetArrayLength());
    }

    [Fact]
    public void Production_Without_Api_PublicUrl_Or_Media_PublicBaseUrl_Does_Not_Start_And_Names_Both()
    {
        using var host = api.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Media:PublicBaseUrl", "");
        });

        var failure = Should.Throw<Exception>(() => host.CreateDefaultClient()).ToString();

        failure.ShouldContain("Media URLs must be absolute");
        failure.ShouldContain("Api:PublicUrl");
        failure.ShouldContain("Media:PublicBaseUrl");
    }

    [Fact]
    public void A_Media_Base_That_Is_Not_An_Absolute_Http_Url_Does_Not_Start()
    {
        using var host = api.WithWebHostBuilder(b => b.UseSetting("Media:PublicBaseUrl", "/media"));

        Should.Throw<Exception>(() => host.CreateDefaultClient()).ToString()
            .ShouldContain("Media:PublicBaseUrl must be an absolute http(s) URL");
    }
}
