using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ArticlesApi.Infrastructure.Validation;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.OpenApi;

/// The rules the validators write as predicates (absolute http URLs, slugs not shaped like a UUID, country codes,
/// language tags, the publishAt range) are in the schemas of every member they check, and the patterns accept
/// what the server accepts.
public sealed class ValidationRulesDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    async Task<JsonNode> SchemasAsync() =>
        JsonNode.Parse(await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct))!["components"]!["schemas"]!;

    /// The pattern as a JSON Schema tool reads it (ECMA-262): there a final `$` matches only at the end, where .NET's
    /// also matches before a final newline (the document's patterns use `$` only at their end).
    static Regex Pattern(JsonNode member)
    {
        var pattern = member["pattern"]!.GetValue<string>();
        return new(pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.ECMAScript);
    }

    public static TheoryData<string, string> UrlMembers => new()
    {
        { "SourceInput", "websiteUrl" }, { "AuthorInput", "avatarUrl" }, { "AuthorInput", "websiteUrl" }, { "AuthorLinkInput", "url" },
        { "CitationInput", "url" }, { "ArticleInput", "canonicalUrl" },
    };

    [Theory]
    [MemberData(nameof(UrlMembers))]
    public async Task Url_Members_Say_Absolute_Http_Url(string schema, string member)
    {
        var url = (await SchemasAsync())[schema]!["properties"]![member]!;
        url["format"]!.GetValue<string>().ShouldBe("uri");
        url["maxLength"]!.GetValue<int>().ShouldBe(Rules.MaxUrlLength);
        url["description"]!.GetValue<string>().ShouldContain("absolute http or https URL");
        var pattern = Pattern(url);
        foreach (var accepted in new[] { "https://www.agenzianova.com", "http://example.org/a?b=c#d", "HTTPS://Example.org:8080/x" })
            pattern.IsMatch(accepted).ShouldBeTrue(accepted);
        foreach (var refused in new[] { "ftp://example.org", "/relative/path", "https://", "https://exa mple.org", "example.org", "mailto:a@b.org" })
            pattern.IsMatch(refused).ShouldBeFalse(refused);
    }

    [Theory]
    [InlineData("ArticleInput")]
    [InlineData("AuthorInput")]
    [InlineData("TagInput")]
    [InlineData("SourceInput")]
    public async Task Slug_Members_Exclude_Uuid_Shaped_Slugs(string schema)
    {
        var slug = (await SchemasAsync())[schema]!["properties"]!["slug"]!;
        Pattern(slug).IsMatch("guerra-in-sudan").ShouldBeTrue();
        var excluded = Pattern(slug["not"]!);
        excluded.IsMatch(Guid.NewGuid().ToString()).ShouldBeTrue();
        excluded.IsMatch(Guid.NewGuid().ToString("N")).ShouldBeTrue();
        excluded.IsMatch("guerra-in-sudan").ShouldBeFalse();
    }

    [Fact]
    public async Task A_Uuid_Shaped_Slug_The_Document_Excludes_Is_Refused()
    {
        var editor = await api.EditorAsync();
        var slug = Guid.NewGuid().ToString();
        Pattern((await SchemasAsync())["TagInput"]!["properties"]!["slug"]!["not"]!).IsMatch(slug).ShouldBeTrue();

        await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = "Esteri", slug })).ShouldBeValidationProblemAsync("slug");
    }

    [Theory]
    [InlineData("esteri\n")]
    [InlineData("Esteri")]
    [InlineData("esteri-")]
    [InlineData("esteri--ucraina")]
    public async Task A_Slug_The_Pattern_Refuses_Returns_400(string slug)
    {
        var editor = await api.EditorAsync();
        Pattern((await SchemasAsync())["TagInput"]!["properties"]!["slug"]!).IsMatch(slug).ShouldBeFalse();

        await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = "Esteri", slug })).ShouldBeValidationProblemAsync("slug");
    }

    [Fact]
    public async Task The_Country_Pattern_Accepts_Exactly_The_Codes_The_Server_Accepts()
    {
        var pattern = Pattern((await SchemasAsync())["SourceInput"]!["properties"]!["country"]!);
        foreach (var code in TwoLetterStrings())
            pattern.IsMatch(code).ShouldBe(Countries.IsKnown(code.ToUpperInvariant()), code);
        pattern.IsMatch("ITA").ShouldBeFalse();
        pattern.IsMatch("I").ShouldBeFalse();

        var editor = await api.EditorAsync();
        await (await editor.Client.PostJsonAsync("/api/v1/sources", new { name = "Agenzia", kind = "agency", country = "QQ" }))
            .ShouldBeValidationProblemAsync("country");
        (await editor.Client.PostJsonAsync("/api/v1/sources", new { name = "Agenzia", kind = "agency", country = "it" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_Language_Pattern_Accepts_Exactly_The_Tags_The_Server_Accepts()
    {
        var pattern = Pattern((await SchemasAsync())["ArticleInput"]!["properties"]!["language"]!);
        var tags = TwoLetterStrings()
            .Concat(["en-GB", "en-gb", "pt-BR", "es-419", "zh-Hant-TW", "sr-Latn", "it-QQ", "xx-GB", "en-Latn-419", "en-GBR", "en-12",
                "en-Hant-", "en_GB", "e", "eng", "en-GB-x-private", " it", "it ", "it\n"]);
        foreach (var tag in tags)
            pattern.IsMatch(tag).ShouldBe(Languages.IsKnown(tag), tag);

        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("language", "xx-GB");
        await (await editor.Client.PostJsonAsync("/api/v1/articles", body)).ShouldBeValidationProblemAsync("language");
    }

    [Fact]
    public async Task The_PublishAt_Range_Is_Described_And_Enforced()
    {
        var publishAt = (await SchemasAsync())["PublishInput"]!["properties"]!["publishAt"]!;
        publishAt["format"]!.GetValue<string>().ShouldBe("date-time");
        publishAt["description"]!.GetValue<string>().ShouldContain("Between 1900-01-01T00:00:00Z and 3000-01-01T00:00:00Z inclusive.");

        var editor = await api.EditorAsync();
        var (_, etag, url) = await editor.CreateArticleAsync();
        var response = await editor.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{url}/publish")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { publishAt = "3000-01-02T00:00:00Z" }),
            Headers = { { "If-Match", etag } },
        }, _ct);
        await response.ShouldBeValidationProblemAsync("publishAt");
    }

    [Theory]
    [InlineData("tag", new[] { "esteri", "esteri,ucraina", " esteri , ucraina ", "esteri,,ucraina", "Esteri", "esteri-", "a_b", "esteri;ucraina" })]
    [InlineData("language", new[] { "it", "pt-BR", "en-GB", "IT", "i", "it_IT", "it-", "zh-Hant-TW" })]
    [InlineData("publishedAfter", new[] { "2026-01-01", "2026-01-01T08:00", "2026-01-01T08:00:00Z", "2026-01-01T08:00:00.123+01:00",
        "2026-01-01T08", "01/01/2026", "2026-1-1", "yesterday" })]
    [InlineData("q", new[] { "trattati", "trattati\tHelsinki", "trattati\u0001", "trattati\u007f", "\u0085trattati" })]
    public async Task Query_Parameter_Patterns_Agree_With_The_Server(string name, string[] values)
    {
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct))!;
        var schema = document["paths"]!["/api/v1/articles"]!["get"]!["parameters"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!;
        var pattern = Pattern(schema);
        foreach (var value in values)
        {
            var response = await api.CreateClient().GetAsync($"/api/v1/articles?{name}={Uri.EscapeDataString(value)}", _ct);
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.BadRequest);
            pattern.IsMatch(value).ShouldBe(response.StatusCode == HttpStatusCode.OK, $"{name}={value}");
        }
    }

    static IEnumerable<string> TwoLetterStrings() =>
        from a in Enumerable.Range('A', 26)
        from b in Enumerable.Range('A', 26)
        let code = $"{(char)a}{(char)b}"
        from text in new[] { code, code.ToLowerInvariant(), $"{(char)a}{char.ToLowerInvariant((char)b)}" }
        select text;
}
