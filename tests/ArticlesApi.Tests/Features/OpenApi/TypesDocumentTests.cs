using System.Net;
using System.Text.Json.Nodes;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.OpenApi;

/// The types clients generate say what the server does: problem kinds, required nested members, the
/// validators' constraints, members that are absent rather than null, query parameters with fixed values.
public sealed class TypesDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    async Task<JsonNode> SchemasAsync() =>
        JsonNode.Parse(await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct))!["components"]!["schemas"]!;

    static string[] Strings(JsonNode? array) => array?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? [];

    [Fact]
    public async Task The_Problem_Schema_And_The_Readme_List_Every_Kind_Of_Problem()
    {
        var problem = (await SchemasAsync())["Problem"]!;
        var codes = ProblemTypes.All.Select(t => t.Code).ToArray();
        Strings(problem["properties"]!["code"]!["enum"]).ShouldBe(codes);
        Strings(problem["properties"]!["type"]!["enum"]).ShouldBe(codes.Select(c => Http.ProblemTypeBase + c));
        Strings(problem["required"]).ShouldContain("code");
        problem["properties"]!["slug"]!["type"]!.GetValue<string>().ShouldBe("string");
        var readme = await File.ReadAllTextAsync(Path.Combine(Tools.Root, "README.md"), _ct);
        foreach (var code in codes)
            readme.ShouldContain($"| `{code}` |");
    }

    [Fact]
    public async Task Members_The_Server_Requires_In_Nested_Inputs_Are_Required()
    {
        var schemas = await SchemasAsync();
        Strings(schemas["BodyInput"]!["required"]).ShouldBe(["markdown"]);
        Strings(schemas["CitationInput"]!["required"]).ShouldBe(["source", "claim"], ignoreOrder: true);
        // One of two forms, `url` or `media` (the validator answers 400 naming `featureImage` otherwise).
        schemas["FeatureImageInput"]!["oneOf"]!.AsArray().Select(r => r!["$ref"]!.GetValue<string>())
            .ShouldBe(["#/components/schemas/FeatureImageByUrl", "#/components/schemas/FeatureImageByMedia"]);
        Strings(schemas["FeatureImageByUrl"]!["required"]).ShouldBe(["url"]);
        schemas["FeatureImageByUrl"]!["properties"]!["url"]!["format"]!.GetValue<string>().ShouldBe("uri");
        Strings(schemas["FeatureImageByMedia"]!["required"]).ShouldBe(["media"]);
        schemas["FeatureImageByMedia"]!["properties"]!["media"]!["format"]!.GetValue<string>().ShouldBe("uuid");
        Strings(schemas["AuthorLinkInput"]!["required"]).ShouldBe(["label", "url"], ignoreOrder: true);
        var name = schemas["TagInput"]!["properties"]!["name"]!;
        name["minLength"]!.GetValue<int>().ShouldBe(1);
        name["maxLength"]!.GetValue<int>().ShouldBe(100);
        name["pattern"]!.GetValue<string>().ShouldBe(@"\S");
        schemas["CitationInput"]!["properties"]!["claim"]!["maxLength"]!.GetValue<int>().ShouldBe(2000);
        schemas["FeatureImageByUrl"]!["properties"]!["alt"]!["maxLength"]!.GetValue<int>().ShouldBe(500);
        schemas["FeatureImageByMedia"]!["properties"]!["alt"]!["maxLength"]!.GetValue<int>().ShouldBe(500);
        schemas["ArticleInput"]!["properties"]!["authors"]!["maxItems"]!.GetValue<int>().ShouldBe(20);
        schemas["ArticleInput"]!["properties"]!["authors"]!["minItems"]!.GetValue<int>().ShouldBe(1);
        schemas["ArticleInput"]!["properties"]!["tags"]!["maxItems"]!.GetValue<int>().ShouldBe(50);
        // No schema keeps the generator's `minLength: 0`.
        schemas.ToJsonString().ShouldNotContain("\"minLength\":0");
    }

    [Theory]
    [InlineData("featureImage", """{ "alt": "no url" }""")]
    [InlineData("citations", """[{ "source": "agenzia-nova" }]""")]
    [InlineData("body", """{ "markdown": "   " }""")]
    public async Task A_Nested_Input_Without_Its_Required_Member_Returns_400(string member, string value)
    {
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With(member, JsonNode.Parse(value));
        var problem = await (await editor.Client.PostJsonAsync("/api/v1/articles", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)
            .ShouldContain(n => n.StartsWith(member, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_Tag_Name_Without_A_Visible_Character_Returns_400(string name)
    {
        var editor = await api.EditorAsync();
        await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name })).ShouldBeValidationProblemAsync("name");
    }

    [Fact]
    public async Task Body_Formats_And_Highlights_Are_Absent_Or_Strings_Never_Null()
    {
        var schemas = await SchemasAsync();
        foreach (var (schema, member) in new[] { ("ArticleBody", "markdown"), ("ArticleBody", "html"), ("ArticleBody", "text"), ("PublishedArticleSummary", "highlight"), ("UnpublishedArticleSummary", "highlight") })
        {
            schemas[schema]!["properties"]![member]!["nullable"].ShouldBeNull($"{schema}.{member}");
            Strings(schemas[schema]!["required"]).ShouldNotContain(member);
        }
    }

    [Theory]
    [InlineData("Article")]
    [InlineData("ArticleSummary")]
    public async Task PublishedAt_Is_Never_Null_Where_Status_Is_Published_Or_Scheduled(string name)
    {
        var schemas = await SchemasAsync();
        var union = schemas[name]!;
        union["discriminator"]!["propertyName"]!.GetValue<string>().ShouldBe("status");
        var mapping = union["discriminator"]!["mapping"]!.AsObject().ToDictionary(m => m.Key, m => m.Value!.GetValue<string>());
        mapping.Keys.ShouldBe(Strings(schemas["ArticleStatus"]!["enum"]), ignoreOrder: true);
        union["oneOf"]!.AsArray().Select(r => r!["$ref"]!.GetValue<string>()).ShouldBe(mapping.Values.Distinct(), ignoreOrder: true);
        foreach (var (status, reference) in mapping)
        {
            var variant = schemas[reference.Split('/')[^1]]!;
            Strings(variant["properties"]!["status"]!["enum"]).ShouldContain(status);
            Strings(variant["required"]).ShouldContain("publishedAt");
            var nullable = variant["properties"]!["publishedAt"]!["nullable"]?.GetValue<bool>() == true;
            nullable.ShouldBe(status is "draft" or "archived", $"{name} with status {status}: publishedAt nullable");
        }
        // The variants repeat every member: nothing the single schema had is lost.
        Strings(schemas[$"Published{name}"]!["required"]).ShouldBe(Strings(schemas[$"Unpublished{name}"]!["required"]));
    }

    [Fact]
    public async Task Sort_Status_And_Formats_Are_Enums_Of_What_The_Server_Accepts()
    {
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct))!;
        JsonNode Parameter(string path, string name) =>
            document["paths"]![path]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!;
        var sorts = Strings(Parameter("/api/v1/articles", "sort")["schema"]!["enum"]);
        var status = Parameter("/api/v1/articles", "status");
        var formats = Parameter("/api/v1/articles/{id}", "formats");
        foreach (var list in new[] { status, formats })
        {
            list["style"]!.GetValue<string>().ShouldBe("form");
            list["explode"]!.GetValue<bool>().ShouldBeFalse();
        }

        var editor = await api.EditorAsync();
        var (article, _, url) = await editor.CreateArticleAsync();
        foreach (var sort in sorts)
            (await editor.Client.GetAsync($"/api/v1/articles?q=x&sort={sort}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK, sort);
        var statuses = Strings(status["schema"]!["items"]!["enum"]);
        foreach (var value in statuses.Append(string.Join(',', statuses)))
            (await editor.Client.GetAsync($"/api/v1/articles?status={value}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK, value);
        var formatNames = Strings(formats["schema"]!["items"]!["enum"]);
        foreach (var value in formatNames.Append(string.Join(',', formatNames)))
            (await editor.Client.GetAsync($"{url}?formats={value}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK, value);
        (await editor.Client.GetAsync($"/api/v1/articles?sort=newest", _ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        article.GetProperty("id").GetGuid().ShouldNotBe(Guid.Empty);
    }
}
