using System.Text.Json.Nodes;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.OpenApi;

/// The served document: valid OpenAPI 3 that passes Redocly's recommended rules, and exact about
/// what clients generate from it.
public sealed class DocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    async Task<(string Json, JsonNode Document)> DocumentAsync()
    {
        var json = await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct);
        return (json, JsonNode.Parse(json)!);
    }

    IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (p.Key, o.Key, o.Value!)));

    [Fact]
    public async Task Lint_Passes_Redocly_Without_Errors()
    {
        var (json, _) = await DocumentAsync();
        var file = Path.Combine(Tools.Artifacts, "openapi.json");
        await File.WriteAllTextAsync(file, json, _ct);
        var output = await Tools.RunAsync("redocly", $"lint --config redocly.yaml --format=stylish \"{file}\"");
        output.ShouldNotContain(" error ");
    }

    [Fact]
    public async Task Every_Operation_Has_Tag_Summary_Description_And_Described_Responses()
    {
        var (_, document) = await DocumentAsync();
        document["info"]!["title"]!.GetValue<string>().ShouldBe("ArticlesApi");
        document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>())
            .ShouldBe(["Articles", "Authors", "Tags", "Sources", "Site", "Feeds", "Sitemaps", "Changes", "Webhooks", "Keys", "Index"], ignoreOrder: true);
        foreach (var (path, method, operation) in Operations(document))
        {
            var name = $"{method} {path}";
            operation["tags"]!.AsArray().Count.ShouldBe(1, name);
            operation["summary"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(name);
            operation["description"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(name);
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                response!["description"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace($"{name} {status}");
                if (status.StartsWith('4'))
                    response["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>()
                        .ShouldBe("#/components/schemas/Problem", $"{name} {status}");
            }
        }
    }

    [Fact]
    public async Task Headers_Have_Their_Real_Names_And_Writes_Name_Their_Key()
    {
        var (_, document) = await DocumentAsync();
        var headers = Operations(document)
            .SelectMany(o => o.Operation["parameters"]?.AsArray() ?? [])
            .Where(p => p!["in"]!.GetValue<string>() == "header")
            .Select(p => p!["name"]!.GetValue<string>())
            .ToHashSet();
        headers.ShouldBe(["If-Match", "If-None-Match", "Idempotency-Key"], ignoreOrder: true);

        var put = document["paths"]!["/api/v1/articles/{id}"]!["put"]!;
        put["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "If-Match")!["required"]!.GetValue<bool>().ShouldBeTrue();
        put["security"]!.AsArray().Single()!["ApiKey"].ShouldNotBeNull();
        put["description"]!.GetValue<string>().ShouldContain("`contributor`");
        put["responses"]!["200"]!["headers"]!["ETag"].ShouldNotBeNull();
        put["responses"]!["428"].ShouldNotBeNull();
        put["responses"]!["412"].ShouldNotBeNull();

        var list = document["paths"]!["/api/v1/articles"]!["get"]!;
        list["security"]!.AsArray().Count.ShouldBe(2, "public reads: the key is optional");
        list["responses"]!["200"]!["headers"]!["Link"].ShouldNotBeNull();
        document["paths"]!["/api/v1/articles"]!["post"]!["responses"]!["201"]!["headers"]!["Location"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Schemas_Have_Readable_Names_String_Enums_And_Nullability()
    {
        var (_, document) = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var names = schemas.Select(s => s.Key).ToList();
        names.ShouldContain("ArticleSummary");
        names.ShouldContain("ArticleSummaryList");
        names.ShouldContain("Article");
        names.ShouldContain("ArticleInput");
        names.ShouldContain("Problem");
        names.ShouldAllBe(n => !n.StartsWith("Request") && !n.StartsWith("Response") && !n.StartsWith("ListResponse") && !char.IsDigit(n[n.Length - 1]));

        schemas["ArticleStatus"]!["type"]!.GetValue<string>().ShouldBe("string");
        schemas["ArticleStatus"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(["draft", "scheduled", "published", "archived", "takenDown"]);
        schemas["SourceKind"]!["type"]!.GetValue<string>().ShouldBe("string");

        var input = schemas["ArticleInput"]!;
        input["required"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["title", "body", "language", "authors"], ignoreOrder: true);
        input["properties"]!["subtitle"]!["nullable"]!.GetValue<bool>().ShouldBeTrue();
        // Answers always carry these members, null or not; only search hits add `highlight`.
        foreach (var variant in new[] { "PublishedArticleSummary", "UnpublishedArticleSummary" })
        {
            var required = schemas[variant]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
            required.ShouldContain("publishedAt");
            required.ShouldContain("subtitle");
            required.ShouldNotContain("highlight");
        }
        schemas["UnpublishedArticleSummary"]!["properties"]!["publishedAt"]!["nullable"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Creating_An_Article_Has_An_Italian_Example_With_Citations()
    {
        var (_, document) = await DocumentAsync();
        var example = document["paths"]!["/api/v1/articles"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!;
        example["language"]!.GetValue<string>().ShouldBe("it");
        example["citations"]!.AsArray().Count.ShouldBeGreaterThan(1);
        example["citations"]![0]!["attribution"]!.GetValue<string>().ShouldBe("secondo");
    }
}
