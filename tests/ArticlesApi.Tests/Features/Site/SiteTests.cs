using System.Net;
using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Site;

/// GET and PUT /api/v1/site: one resource, always there, replaced only by an admin naming its current version.
public sealed class SiteTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    const string Url = "/api/v1/site";

    static Dictionary<string, object?> Site(string url = "https://www.oltrelalinea.news") => new()
    {
        ["name"] = "Oltre la linea",
        ["description"] = "Esteri, difesa e diplomazia.",
        ["url"] = url,
        ["logoUrl"] = "https://www.oltrelalinea.news/logo.png",
        ["languages"] = new[] { "it", "en" },
        ["articleUrlTemplate"] = "{siteUrl}/{language}/{yyyy}/{mm}/{slug}",
        ["newsPublicationName"] = "Oltre la linea",
    };

    async Task<(JsonElement Site, string ETag)> CurrentAsync()
    {
        var response = await api.CreateClient().GetAsync(Url, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.JsonAsync(), response.ETag());
    }

    [Fact]
    public async Task Get_Answers_The_Site_Anonymously_With_An_ETag()
    {
        var (site, etag) = await CurrentAsync();

        etag.ShouldNotBeNullOrEmpty();
        site.GetProperty("url").GetString().ShouldStartWith("https://");
        site.GetProperty("languages").GetArrayLength().ShouldBeGreaterThan(0);
        site.GetProperty("articleUrlTemplate").GetString()!.ShouldContain("{slug}");
    }

    [Fact]
    public async Task Put_Replaces_The_Site_And_Answers_What_A_Get_Answers_Then()
    {
        var admin = await api.AdminAsync();
        var (_, etag) = await CurrentAsync();

        var response = await admin.Client.PutJsonAsync(Url, Site("https://news.example.org/esteri/").With("articleUrlTemplate", null), etag);

        var written = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, written.ToString());
        written.GetProperty("url").GetString().ShouldBe("https://news.example.org/esteri");
        written.GetProperty("articleUrlTemplate").GetString().ShouldBe("{siteUrl}/{language}/{slug}");
        written.GetProperty("languages").EnumerateArray().Select(l => l.GetString()).ShouldBe(["it", "en"]);
        var (read, readETag) = await CurrentAsync();
        readETag.ShouldBe(response.ETag());
        read.ToString().ShouldBe(written.ToString());
    }

    [Fact]
    public async Task Put_Takes_Back_What_Get_Answers()
    {
        var admin = await api.AdminAsync();
        var (site, etag) = await CurrentAsync();

        var response = await admin.Client.PutJsonAsync(Url, site.GetRawText(), etag);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Put_Without_If_Match_Returns_428_And_With_A_Stale_One_Returns_412()
    {
        var admin = await api.AdminAsync();
        var (_, etag) = await CurrentAsync();
        (await admin.Client.PutJsonAsync(Url, Site(), etag)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await admin.Client.PutJsonAsync(Url, Site(), ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, "precondition-required");
        await (await admin.Client.PutJsonAsync(Url, Site(), etag)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task Put_Needs_An_Admin_Key()
    {
        var (_, etag) = await CurrentAsync();
        var editor = await api.EditorAsync();

        (await api.CreateClient().PutJsonAsync(Url, Site(), etag)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await editor.Client.PutJsonAsync(Url, Site(), etag)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    public static TheoryData<string, string, object?> InvalidFields => new()
    {
        { "name", "name", "" },
        { "url", "url", null },
        { "url", "url", "www.oltrelalinea.news" },
        { "url", "url", "https://www.oltrelalinea.news/?lang=it" },
        { "url", "url", "ftp://www.oltrelalinea.news" },
        { "logoUrl", "logoUrl", "logo.png" },
        { "languages", "languages", Array.Empty<string>() },
        { "languages", "languages", new[] { "it", "IT" } },
        { "languages[0]", "languages", new[] { "xx-nope" } },
        { "articleUrlTemplate", "articleUrlTemplate", "{siteUrl}/{lang}/{slug}" },
        { "articleUrlTemplate", "articleUrlTemplate", "{siteUrl}/{language}/{yyyy}" },
        { "articleUrlTemplate", "articleUrlTemplate", "/{language}/{slug}" },
        { "articleUrlTemplate", "articleUrlTemplate", "{siteUrl}{slug}" },
        { "articleUrlTemplate", "articleUrlTemplate", "{siteUrl}/{slug}#top" },
        { "articleUrlTemplate", "articleUrlTemplate", "{siteUrl}/{slug}}" },
        { "articleUrlTemplate", "articleUrlTemplate", "https://{language}.example.com/{slug}" },
        { "newsPublicationName", "newsPublicationName", new string('x', 201) },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Put_With_An_Invalid_Field_Returns_400_Naming_It(string named, string member, object? value)
    {
        var admin = await api.AdminAsync();
        var (_, etag) = await CurrentAsync();

        await (await admin.Client.PutJsonAsync(Url, Site().With(member, value), etag)).ShouldBeValidationProblemAsync(named);
    }

    [Theory]
    [InlineData("https://www.oltrelalinea.news/{language}/{slug}")]
    [InlineData("{siteUrl}/?p={id}")]
    [InlineData("{siteUrl}/{yyyy}/{mm}/{dd}/{id}/{slug}")]
    public async Task Put_Accepts_Templates_On_The_Site_Or_Another_Host(string template)
    {
        var admin = await api.AdminAsync();
        var (_, etag) = await CurrentAsync();

        var response = await admin.Client.PutJsonAsync(Url, Site().With("articleUrlTemplate", template), etag);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        (await response.JsonAsync()).GetProperty("articleUrlTemplate").GetString().ShouldBe(template);
    }
}
