using System.Net;
using System.Text;
using System.Text.Json;
using ArticlesApi.Tests.Features.Media;
using ArticlesApi.Tests.Features.OpenApi;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// `structuredData` (schema.org NewsArticle JSON-LD) and `seo`: the JSON-LD put into a page as a front end would
/// (`<script type="application/ld+json">` holding the member's bytes as served), extracted and checked by
/// @adobe/structured-data-validator with Google's Article properties (tests/client/src/structured-data.mjs).
public sealed class StructuredDataTests(SampleNewsroomApi api) : IClassFixture<SampleNewsroomApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    const string Title = "Perché \"Roma\" & Kyiv <l'UE> — è già l'ora dell'intesa?";

    /// The validator's answer for a page holding these JSON-LD texts: the items it extracted. Throws on an error, and
    /// unless `missingImages` on a warning (a recommended property missing: only `image`, for articles without one).
    static async Task<JsonElement> ValidateAsync(IEnumerable<string> jsonLd, bool missingImages = false)
    {
        var page = new StringBuilder("<!doctype html><html lang=\"it\"><head><meta charset=\"utf-8\"><title>t</title>");
        foreach (var item in jsonLd)
            page.Append("<script type=\"application/ld+json\">").Append(item).Append("</script>");
        page.Append("</head><body><p>x</p></body></html>");
        var path = Path.Combine(Tools.Artifacts, $"structured-data-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(path, page.ToString(), TestContext.Current.CancellationToken);
        var output = await Tools.RunAsync("node", $"src/structured-data.mjs {path}");
        var answer = JsonDocument.Parse(output).RootElement;
        answer.GetProperty("issues").EnumerateArray()
            .Where(i => !missingImages || i.GetProperty("fieldNames")[0].GetString() != "image").ShouldBeEmpty(output);
        return answer.GetProperty("items");
    }

    async Task<(JsonElement Article, string Location)> PublishedAsync(Dictionary<string, object?> body)
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/articles", body);
        var text = await created.Content.ReadAsStringAsync(_ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        var location = created.Headers.Location!.ToString();
        (await editor.Client.PostJsonAsync($"{location}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var read = await api.CreateClient().GetAsync(location, _ct);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await read.JsonAsync(), location);
    }

    static Dictionary<string, object?> Italian() => Requests.Article("marco-deidda")
        .With("title", Title)
        .With("excerpt", "Chi dice cosa: \"tregua\" & <negoziato> — è l'ora?")
        .With("tags", new[] { "diplomazia" })
        .With("featureImage", new { url = "https://www.oltrelalinea.news/img/roma.jpg", alt = "Roma" });

    [Fact]
    public async Task Every_Sample_Article_Passes_The_Validator()
    {
        var list = await api.CreateClient().GetAsync("/api/v1/articles?limit=100", _ct);
        var slugs = (await list.JsonAsync()).GetProperty("data").EnumerateArray().Select(a => a.GetProperty("slug").GetString()!).ToList();
        slugs.ShouldNotBeEmpty();
        var items = new List<string>();
        foreach (var slug in slugs)
            items.Add((await (await api.CreateClient().GetAsync($"/api/v1/articles/{slug}", _ct)).JsonAsync()).GetProperty("structuredData").GetRawText());

        var extracted = await ValidateAsync(items, missingImages: true);

        extracted.EnumerateObject().Where(t => ArticleTypes.Contains(t.Name)).Sum(t => t.Value.GetArrayLength()).ShouldBe(slugs.Count);
    }

    static readonly string[] ArticleTypes = ["NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "AdvertiserContentArticle"];

    [Theory]
    [InlineData("news", "ReportageNewsArticle")]
    [InlineData("analysis", "AnalysisNewsArticle")]
    [InlineData("opinion", "OpinionNewsArticle")]
    [InlineData("background", "BackgroundNewsArticle")]
    [InlineData("factCheck", "NewsArticle")]
    [InlineData("sponsored", "AdvertiserContentArticle")]
    public async Task The_Type_Follows_The_Kind_And_Passes_The_Validator(string kind, string type)
    {
        var (article, _) = await PublishedAsync(Italian().With("kind", kind));

        var extracted = await ValidateAsync([article.GetProperty("structuredData").GetRawText()]);

        article.GetProperty("structuredData").GetProperty("@type").GetString().ShouldBe(type);
        extracted.GetProperty(type).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Corrections_And_Translations_Are_In_The_Structured_Data_Of_Every_Version()
    {
        var (italian, italianUrl) = await PublishedAsync(Italian());
        var (english, englishUrl) = await PublishedAsync(Italian().With("language", "en").With("title", "Rome & Kyiv")
            .With("translationOf", italian.GetProperty("id").GetString()));
        var editor = await api.EditorAsync();
        (await editor.Client.PostJsonAsync($"{englishUrl}/corrections", new { kind = "correction", note = "Il vertice era a **Roma** & <non> a Kyiv." }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        italian = await (await api.CreateClient().GetAsync(italianUrl, _ct)).JsonAsync();
        english = await (await api.CreateClient().GetAsync(englishUrl, _ct)).JsonAsync();

        var extracted = await ValidateAsync([italian.GetProperty("structuredData").GetRawText(), english.GetProperty("structuredData").GetRawText()]);
        var (work, translation) = (extracted.GetProperty("ReportageNewsArticle")[0], extracted.GetProperty("ReportageNewsArticle")[1]);

        var translated = work.GetProperty("workTranslation").EnumerateArray().ShouldHaveSingleItem();
        translated.GetProperty("@id").GetString().ShouldBe(english.GetProperty("url").GetString());
        translated.GetProperty("inLanguage").GetString().ShouldBe("en");
        work.TryGetProperty("translationOfWork", out _).ShouldBeFalse();
        translation.GetProperty("translationOfWork").GetProperty("@id").GetString().ShouldBe(italian.GetProperty("url").GetString());
        translation.TryGetProperty("workTranslation", out _).ShouldBeFalse();
        var correction = translation.GetProperty("correction").EnumerateArray().ShouldHaveSingleItem();
        correction.GetProperty("@type").GetString().ShouldBe("CorrectionComment");
        correction.GetProperty("text").GetString().ShouldBe("Il vertice era a **Roma** & <non> a Kyiv.");
        correction.GetProperty("datePublished").GetDateTime().ShouldBe(english.GetProperty("corrections")[0].GetProperty("at").GetDateTime());
        work.TryGetProperty("correction", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Italian_Text_With_Quotes_Ampersands_And_Angle_Brackets_Survives_The_Page_Exactly()
    {
        var (article, _) = await PublishedAsync(Italian());
        var data = article.GetProperty("structuredData");

        var extracted = (await ValidateAsync([data.GetRawText()])).GetProperty("ReportageNewsArticle")[0];

        extracted.GetProperty("headline").GetString().ShouldBe(Title);
        extracted.GetProperty("description").GetString().ShouldBe("Chi dice cosa: \"tregua\" & <negoziato> — è l'ora?");
        extracted.GetProperty("url").GetString().ShouldBe(article.GetProperty("url").GetString());
        extracted.GetProperty("mainEntityOfPage").GetProperty("@id").GetString().ShouldBe(article.GetProperty("url").GetString());
        extracted.GetProperty("author")[0].GetProperty("url").GetString().ShouldBe(article.GetProperty("authors")[0].GetProperty("url").GetString());
        extracted.GetProperty("publisher").GetProperty("name").GetString().ShouldBe("Oltre la linea");
        extracted.GetProperty("publisher").GetProperty("logo").GetProperty("url").GetString().ShouldBe("https://www.oltrelalinea.news/logo-600x60.png");
        extracted.GetProperty("image")[0].GetProperty("url").GetString().ShouldBe("https://www.oltrelalinea.news/img/roma.jpg");
        extracted.GetProperty("inLanguage").GetString().ShouldBe("it");
        extracted.GetProperty("keywords")[0].GetString().ShouldBe("Diplomazia");
        extracted.GetProperty("datePublished").GetDateTime().ShouldBe(article.GetProperty("publishedAt").GetDateTime());
    }

    [Fact]
    public async Task A_Media_Feature_Image_Is_ImageObjects_With_Width_Height_Caption_And_Credit_And_Passes_The_Validator()
    {
        var editor = await api.EditorAsync();
        var upload = await editor.Client.UploadAsync(ArticlesApi.Tests.Features.Media.TestImages.Of("jpeg", 1000, 600), "Roma, Palazzo Chigi",
            caption: "I ministri al tavolo", credit: "Foto: Redazione / CC BY 4.0");
        var media = await upload.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var (article, _) = await PublishedAsync(Italian().With("featureImage", new { media = media.GetProperty("id").GetGuid() }));

        var extracted = (await ValidateAsync([article.GetProperty("structuredData").GetRawText()])).GetProperty("ReportageNewsArticle")[0];

        // The original, then the JPEG renditions widest first; each an ImageObject with its own size and the picture's caption and credit.
        var jpegs = media.GetProperty("renditions").EnumerateArray().Where(r => r.GetProperty("format").GetString() == "jpeg")
            .OrderByDescending(r => r.GetProperty("width").GetInt32())
            .Select(r => (r.GetProperty("url").GetString(), r.GetProperty("width").GetInt32(), r.GetProperty("height").GetInt32()));
        var images = extracted.GetProperty("image").EnumerateArray().ToList();
        images.Select(i => (i.GetProperty("url").GetString(), Pixels(i, "width"), Pixels(i, "height")))
            .ShouldBe(jpegs.Prepend((media.GetProperty("url").GetString(), 1000, 600)));
        images.Count.ShouldBe(4, "960, 640 and 320 are narrower than 1000");
        images.ShouldAllBe(i => i.GetProperty("@type").GetString() == "ImageObject"
            && i.GetProperty("caption").GetString() == "I ministri al tavolo" && i.GetProperty("creditText").GetString() == "Foto: Redazione / CC BY 4.0");
    }

    /// A width or height as the extractor gives it (a number, or its text).
    static int Pixels(JsonElement image, string name) => image.GetProperty(name) is var v && v.ValueKind == JsonValueKind.Number
        ? v.GetInt32() : int.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Seo_Is_Read_Back_As_Written_And_Takes_The_Place_Of_Title_Excerpt_And_Image_In_Structured_Data()
    {
        var seo = new { metaTitle = "Roma & Kyiv: l'intesa è vicina", metaDescription = "Le \"condizioni\" dell'accordo, fonte per fonte.", ogImage = "https://www.oltrelalinea.news/img/card.jpg" };
        var (article, _) = await PublishedAsync(Italian().With("seo", seo));

        article.GetProperty("seo").GetProperty("metaTitle").GetString().ShouldBe(seo.metaTitle);
        article.GetProperty("seo").GetProperty("metaDescription").GetString().ShouldBe(seo.metaDescription);
        article.GetProperty("seo").GetProperty("ogImage").GetString().ShouldBe(seo.ogImage);
        var data = article.GetProperty("structuredData");
        data.GetProperty("headline").GetString().ShouldBe(seo.metaTitle);
        data.GetProperty("description").GetString().ShouldBe(seo.metaDescription);
        data.GetProperty("image").GetRawText().ShouldBe($"[{{\"@type\":\"ImageObject\",\"url\":\"{seo.ogImage}\"}}]");
        article.GetProperty("title").GetString().ShouldBe(Title);
    }

    [Fact]
    public async Task Without_Seo_The_Read_Shows_Nulls_And_Structured_Data_Falls_Back()
    {
        var (article, _) = await PublishedAsync(Italian());

        var seo = article.GetProperty("seo");
        seo.GetProperty("metaTitle").ValueKind.ShouldBe(JsonValueKind.Null);
        seo.GetProperty("metaDescription").ValueKind.ShouldBe(JsonValueKind.Null);
        seo.GetProperty("ogImage").ValueKind.ShouldBe(JsonValueKind.Null);
        article.GetProperty("structuredData").GetProperty("headline").GetString().ShouldBe(Title);
        article.GetProperty("structuredData").GetProperty("description").GetString().ShouldBe(article.GetProperty("excerpt").GetString());
    }

    [Fact]
    public async Task A_Headline_Longer_Than_110_Characters_Is_Cut_At_A_Word()
    {
        var title = string.Join(' ', Enumerable.Repeat("Perché l'accordo", 12));
        var (article, _) = await PublishedAsync(Italian().With("title", title));

        var headline = article.GetProperty("structuredData").GetProperty("headline").GetString()!;

        headline.Length.ShouldBeLessThanOrEqualTo(110);
        headline.ShouldEndWith("…");
        title.ShouldStartWith(headline.TrimEnd('…'));
        await ValidateAsync([article.GetProperty("structuredData").GetRawText()]);
    }

    [Fact]
    public async Task A_Put_Without_Seo_Clears_It()
    {
        var editor = await api.EditorAsync();
        var (article, location) = await PublishedAsync(Italian().With("seo", new { metaTitle = "Breve" }));
        var etag = (await editor.Client.GetAsync(location, _ct)).ETag();

        var put = await editor.Client.PutJsonAsync(location, Italian(), etag);

        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync(_ct));
        (await put.JsonAsync()).GetProperty("seo").GetProperty("metaTitle").ValueKind.ShouldBe(JsonValueKind.Null);
        article.GetProperty("seo").GetProperty("metaTitle").GetString().ShouldBe("Breve");
    }

    public static TheoryData<string, object> InvalidSeo => new()
    {
        { "seo.metaTitle", new { metaTitle = new string('x', 71) } },
        { "seo.metaDescription", new { metaDescription = new string('x', 161) } },
        { "seo.ogImage", new { ogImage = "card.jpg" } },
    };

    [Theory]
    [MemberData(nameof(InvalidSeo))]
    public async Task Create_With_Invalid_Seo_Returns_400_Naming_The_Field(string field, object seo)
    {
        var editor = await api.EditorAsync();
        await (await editor.Client.PostJsonAsync("/api/v1/articles", Italian().With("seo", seo))).ShouldBeValidationProblemAsync(field);
    }
}
