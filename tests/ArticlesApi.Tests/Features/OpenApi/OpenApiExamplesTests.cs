using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.OpenApi;

/// The API on a database with the sample newsroom, as `scripts/run.sh` seeds it.
public sealed class SampleNewsroomApi : ApiFactory
{
    protected override bool SeedSampleContent => true;
}

/// Every example of the served document, tried the way Swagger UI's "Try it out" sends it, in the order
/// Swagger UI lists the operations (operation-order.js): path and query parameters from their examples
/// (and defaults, which Swagger UI fills in too), the body from its example, If-Match from a GET of the same
/// URL where it is required. Read from the document, so an operation added without a working example fails.
public sealed partial class OpenApiExamplesTests(SampleNewsroomApi api) : IClassFixture<SampleNewsroomApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    sealed record Operation(string Tag, string Method, string Path, JsonNode Node);

    [Fact]
    public async Task Every_Example_Answers_2xx_Against_The_Sample_Newsroom_In_Swagger_Ui_Order()
    {
        var client = api.ClientWithKey(ApiFactory.BootstrapAdminKey);
        var document = JsonNode.Parse(await client.GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct))!;
        var tags = document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(o => new Operation(o.Value!["tags"]![0]!.GetValue<string>(), o.Key, path.Key, o.Value!)))
            .OrderBy(o => tags.IndexOf(o.Tag)).ThenBy(Rank).ThenBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => Array.IndexOf(Methods, o.Method))
            .ToList();

        var tried = new List<string>();
        var failures = new List<string>();
        foreach (var operation in operations)
        {
            var name = $"{operation.Method.ToUpperInvariant()} {operation.Path}";
            var (url, missing) = Url(operation);
            if (missing.Count > 0)
            {
                failures.Add($"{name}: no example for {string.Join(", ", missing)}");
                continue;
            }
            var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), url);
            if (operation.Node["requestBody"] is { } body)
            {
                if (body["content"]?["multipart/form-data"] is not null)
                    // Swagger UI's file picker: a picture chosen by hand.
                    request.Content = Media.MediaRequests.Form(Media.TestImages.Of("png", 64, 48));
                else if (body["content"]?["application/json"]?["example"] is not { } example)
                {
                    failures.Add($"{name}: the body has no example (Swagger UI would make one up)");
                    continue;
                }
                else
                    request.Content = new StringContent(example.ToJsonString(), Encoding.UTF8, "application/json");
            }
            if (Parameters(operation, "header").Any(p => p["name"]!.GetValue<string>() == "If-Match" && p["required"]?.GetValue<bool>() == true))
            {
                // The resource itself (/api/v1/{resources}/{id}): a DELETE's own query parameters (`permanent`) are not the
                // GET's, and an action (…/revisions/1/restore) changes the resource its URL starts with.
                using var read = await client.GetAsync(string.Join('/', url.Split('?')[0].Split('/').Take(5)), _ct);
                if (read.Headers.ETag is not { } etag)
                {
                    failures.Add($"{name}: GET {url} for the ETag answered {(int)read.StatusCode}");
                    continue;
                }
                request.Headers.IfMatch.Add(etag);
            }
            using var response = await client.SendAsync(request, _ct);
            tried.Add($"{name} → {url} {(int)response.StatusCode}");
            if (!response.IsSuccessStatusCode)
                failures.Add($"{name}: {request.Method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(_ct)}");
        }

        failures.ShouldBeEmpty($"tried in this order:\n{string.Join("\n", tried)}");
        tried.Count.ShouldBe(operations.Count);
    }

    /// What Swagger UI sends for the path and query: every path parameter's example, and each query parameter's
    /// example or default; the path parameters that have none.
    static (string Url, List<string> Missing) Url(Operation operation)
    {
        var missing = new List<string>();
        var path = operation.Path;
        foreach (var parameter in Parameters(operation, "path"))
        {
            var name = parameter["name"]!.GetValue<string>();
            if (parameter["example"] is { } example)
                path = path.Replace($"{{{name}}}", Uri.EscapeDataString(Text(example)), StringComparison.Ordinal);
            else
                missing.Add(name);
        }
        var query = Parameters(operation, "query")
            .Select(p => (Name: p["name"]!.GetValue<string>(), Value: p["example"] ?? p["schema"]?["default"]))
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Text(p.Value!))}");
        var url = string.Join('&', query) is { Length: > 0 } q ? $"{path}?{q}" : path;
        return (url, missing);
    }

    static IEnumerable<JsonNode> Parameters(Operation operation, string @in) =>
        (operation.Node["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == @in)!;

    static string Text(JsonNode value) => value.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? value.GetValue<string>()
        : value.ToJsonString();

    static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    /// Swagger UI's order (Infrastructure/OpenApi.cs, operation-order.js): list, get, create, update, delete, actions.
    static int Rank(Operation operation)
    {
        if (Action().IsMatch(operation.Path))
            return 5;
        var item = operation.Path.EndsWith('}');
        return operation.Method switch
        {
            "get" => item ? 1 : 0,
            "post" => 2,
            "put" or "patch" => 3,
            "delete" => 4,
            _ => 6,
        };
    }

    [GeneratedRegex(@"\}/[^/{}]+$")]
    private static partial Regex Action();
}
