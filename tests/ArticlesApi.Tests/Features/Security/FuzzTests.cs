using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArticlesApi.Infrastructure.Idempotency;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Security;

/// Hostile input derived from the OpenAPI document (fetched at run time, so new endpoints are fuzzed
/// too): for every operation, bodies with wrong types, missing and extra members, huge strings, odd
/// Unicode, SQL and HTML, malformed JSON and wrong content types, and absurd query and path values.
/// Every answer must be a 2xx or a documented 4xx problem, never a 5xx; the data must stay consistent.
public sealed class FuzzTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static readonly string[] Strings =
    [
        "", " ", new string('x', 100_000), "\u202Eevil\u202C", "zero\u200Bwidth\u200D", "\uFEFFbom", "nul\u0000byte", "\uD800", "\uDC00lone",
        "emoji 👩‍💻🇮🇹", "' OR 1=1 --", "'; DROP TABLE articles; --", "\"; SELECT pg_sleep(10); --", "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>", "javascript:alert(1)", "../../etc/passwd", "%00", "${jndi:ldap://x}", "{{7*7}}", "\r\nX-Injected: 1",
        // Slugs that read as ids, and a tag name drawn like another (Cyrillic С).
        "0190c3a2-7b1e-7c3d-9f00-1234567890ab", "0x90c3a2-7b1e-7c3d-9f00-1234567890ab", "\u0421ina",
    ];

    static readonly JsonNode?[] WrongValues =
    [
        null, JsonValue.Create(-1), JsonValue.Create(1e308), JsonValue.Create(long.MaxValue), JsonValue.Create(true), new JsonArray(),
        new JsonObject(), new JsonArray(JsonValue.Create(1), null, new JsonObject()), JsonValue.Create("2024-13-45T99:99:99Z"),
    ];

    static readonly string[] RawBodies = ["{", "[", "nul", "{\"a\":}", "", "[]", "\"string\"", "123", "{\"title\":\"a\",\"title\":\"b\"}",
        "{\"__proto__\":{\"admin\":true}}", new string('[', 10_000) + new string(']', 10_000)];

    static readonly string[] QueryValues = ["-1", "0", "999999999999999999999", "abc", "1e9", new string('q', 5000), "%00", "%ZZ",
        "' OR 1=1 --", "<script>", "\u202E", "%F0%9F%92%A9", "true", "null", "2024-13-45", "-publishedAt,title", "any", ",,,"];

    // No %00: Kestrel refuses a NUL in the path itself (400) before the API sees it, and TestHost cannot send one.
    static readonly string[] PathValues = ["00000000-0000-0000-0000-000000000000", "not-a-slug", "..%2F..%2Fetc%2Fpasswd",
        new string('s', 3000), "%E2%80%AE", "'%20OR%201=1", "%3Cscript%3E", "-1", "%F0%9F%92%A9",
        "0190c3a27b1e7c3d9f001234567890ab", "0x90c3a2-7b1e-7c3d-9f00-1234567890ab"];

    [Fact]
    public async Task Thousands_Of_Hostile_Requests_Get_Documented_Answers_And_Leave_The_Data_Consistent()
    {
        var admin = await api.AdminAsync();
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json", _ct))!;
        var ids = await TargetsAsync(admin);
        var requests = new List<(string Operation, Func<HttpRequestMessage> Build, HashSet<int> Documented)>();

        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operationNode) in item!.AsObject().OrderBy(o => o.Key == "delete")
                     // A GET that answers HEAD is fuzzed as HEAD too (its answers are checked against the GET).
                     .SelectMany(o => o.Value?["x-answers-head"]?.GetValue<bool>() == true ? [o, KeyValuePair.Create<string, JsonNode?>("head", o.Value)] : new[] { o }))
        {
            var operation = operationNode!;
            var name = $"{method.ToUpperInvariant()} {path}";
            var documented = operation["responses"]!.AsObject().Select(r => int.TryParse(r.Key, out var s) ? s : 0).ToHashSet();
            var resource = path.Split('/').ElementAtOrDefault(3) ?? "";
            string Url(string? pathValue = null, string? query = null)
            {
                var url = path.Replace("{idOrSlug}", pathValue ?? ids.GetValueOrDefault(resource, "x")).Replace("{id}", pathValue ?? ids.GetValueOrDefault(resource, "x"));
                return query is null ? url : $"{url}?{query}";
            }
            void Add(Func<HttpRequestMessage> build) => requests.Add((name, build, documented));
            HttpRequestMessage Message(string url, HttpContent? content = null)
            {
                var message = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url) { Content = content };
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin.Secret);
                message.Headers.TryAddWithoutValidation("If-Match", "*");
                if (method == "post")
                    message.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                return message;
            }
            HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");

            // Query and path values.
            foreach (var parameter in (operation["parameters"]?.AsArray() ?? []).Select(p => p!))
            {
                var (where, parameterName) = (parameter["in"]!.GetValue<string>(), parameter["name"]!.GetValue<string>());
                if (where == "query")
                    foreach (var value in QueryValues)
                        Add(() => Message(Url(query: $"{parameterName}={(value.Contains('%') ? value : Uri.EscapeDataString(value))}"), method is "post" or "put" ? Json("{}") : null));
                if (where == "path")
                    foreach (var value in PathValues)
                        Add(() => Message(Url(pathValue: value), method is "post" or "put" ? Json("{}") : null));
            }

            if (operation["requestBody"] is null || method == "delete")
                continue;
            if (operation["requestBody"]!["content"]!["application/json"] is null)
            {
                // An upload (multipart/form-data): hostile files and parts, a JSON body, a truncated multipart body.
                foreach (var raw in RawBodies)
                    Add(() => Message(Url(), Media.MediaRequests.Form(Encoding.UTF8.GetBytes(raw), alt: raw)));
                Add(() => Message(Url(), Json("{}")));
                Add(() => Message(Url(), new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc", Encoding.UTF8, "multipart/form-data")));
                Add(() =>
                {
                    var content = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\u0089PNG"));
                    content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=x");
                    return Message(Url(), content);
                });
                continue;
            }
            var schema = Resolve(document, operation["requestBody"]!["content"]!["application/json"]!["schema"]!);
            var valid = Example(document, schema, depth: 0);

            Add(() => Message(Url(), Json(valid.ToJsonString())));
            foreach (var raw in RawBodies)
                Add(() => Message(Url(), Json(raw)));
            foreach (var contentType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x" })
                Add(() => Message(Url(), new StringContent(valid.ToJsonString(), Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType))));
            Add(() => Message(Url(), Json("{\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}")));
            if (valid is JsonObject members)
            {
                Add(() => Message(Url(), Json(With(members, "unexpectedMember", JsonValue.Create("surprise")).ToJsonString())));
                foreach (var member in members.Select(m => m.Key).ToList())
                {
                    Add(() => Message(Url(), Json(Without(members, member).ToJsonString())));
                    foreach (var wrong in WrongValues)
                        Add(() => Message(Url(), Json(With(members, member, wrong?.DeepClone()).ToJsonString())));
                    foreach (var text in Strings)
                        Add(() => Message(Url(), Json(With(members, member, Poison(members[member], text)).ToJsonString())));
                }
            }
        }

        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = _ct }, async (request, ct) =>
        {
            using var message = request.Build();
            var what = $"{request.Operation} {message.RequestUri} {(message.Content is null ? "" : await message.Content.ReadAsStringAsync(ct) is var body ? body[..Math.Min(120, body.Length)] : "")}";
            var response = await api.CreateClient().SendAsync(message, ct);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status >= 500)
                failures.Add($"{status}: {what} -> {await response.Content.ReadAsStringAsync(ct)}");
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{status} without problem+json: {what}");
            else if (status >= 400 && !request.Documented.Contains(status) && status is not (404 or 405 or 413 or 415))
                failures.Add($"{status} is not documented: {what}");
        });

        TestContext.Current.SendDiagnosticMessage($"fuzz: {requests.Count} requests, statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"))}");
        requests.Count.ShouldBeGreaterThan(2000);
        failures.ShouldBeEmpty($"{failures.Count} failures of {requests.Count}:\n{string.Join("\n", failures.Take(40).Select(f => f[..Math.Min(300, f.Length)]))}");

        // Consistency: every article still has an author; no write left half-done or a claim stuck.
        await using var db = api.Database.CreateContext();
        (await db.Articles.CountAsync(a => !db.ArticleAuthors.Any(x => x.ArticleId == a.Id), _ct)).ShouldBe(0);
        (await db.Set<IdempotencyRecord>().CountAsync(r => r.ApiKeyId == admin.KeyId, _ct)).ShouldBeGreaterThan(0);
        (await db.Set<IdempotencyRecord>().CountAsync(r => r.ApiKeyId == admin.KeyId && r.StatusCode == null, _ct)).ShouldBe(0);
        (await api.CreateClient().GetAsync("/health/ready", _ct)).IsSuccessStatusCode.ShouldBeTrue();
    }

    static readonly string?[] Authorizations = [
        "Bearer", "Bearer ", "Bearer x", "Basic YWRtaW46YWRtaW4=", "bearer ak_" + new string('a', 43), "Bearer ak_" + new string('a', 43),
        "Bearer " + new string('k', 300), "Bearer ak_\u00e8\u00e8", "Bearer ak_' OR 1=1 --" + new string('x', 30), "Token abc", "Bearer ak_%00" + new string('0', 40),
        "Bearer ak_" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), "Bearer\tak_x",
    ];

    static readonly string[] Hosts = ["evil.example", "evil.example:443", "[::1]", "localhost:1", "xn--80ak6aa92e.com", "a" + new string('b', 200) + ".example"];

    static readonly string[] ReflectionMarkers = ["evil.example", "xn--80ak6aa92e", "bbbbbbbbbbbbbbbb"];

    static readonly string[] Cursors = ["a.b", ".", "..", "e30.AAAAAAAAAAAAAAAAAAAAAA", "eyJpZCI6IjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMCJ9.x",
        new string('A', 1024) + "." + new string('A', 22), "%00.%00", "\u202E.x", "eyJhdCI6LTk5OTk5OTk5OTk5OTk5OTk5fQ.AAAAAAAAAAAAAAAAAAAAAA"];

    static readonly (string Header, string Value)[] OtherHeaders = [
        ("If-None-Match", "*"), ("If-None-Match", "\"x\", W/\"y\""), ("If-None-Match", new string('"', 500)), ("Accept", "application/xml"),
        ("Accept", "*/*;q=abc"), ("Accept-Language", "zz-ZZ-" + new string('x', 200)), ("X-Forwarded-For", "1.2.3.4, evil"),
        ("X-Forwarded-Host", "evil.example"), ("X-Forwarded-Proto", "gopher"), ("Origin", "null"), ("Range", "bytes=0-1"),
    ];

    /// Hostile headers and cursors on every read the document lists (and HEAD): junk credentials, forged Hosts,
    /// forwarded headers from an unknown sender, made-up cursors. Answers are documented; no Host a client sends
    /// comes back in any header or body.
    [Fact]
    public async Task Hostile_Headers_And_Cursors_On_Every_Read_Get_Documented_Answers_And_Reflect_No_Host()
    {
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json", _ct))!;
        var admin = await api.AdminAsync();
        var ids = await TargetsAsync(admin);
        await TargetsAsync(admin);
        var requests = new List<(string What, Func<HttpRequestMessage> Build, HashSet<int> Documented)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item!["get"] is not { } operation)
                continue;
            var documented = operation["responses"]!.AsObject().Select(r => int.TryParse(r.Key, out var status) ? status : 0).ToHashSet();
            var resource = path.Split('/').ElementAtOrDefault(3) ?? "";
            var url = path.Replace("{idOrSlug}", ids.GetValueOrDefault(resource, "x")).Replace("{id}", ids.GetValueOrDefault(resource, "x"));
            var takesCursor = (operation["parameters"]?.AsArray() ?? []).Any(p => p!["name"]!.GetValue<string>() == "cursor");
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
            {
                // Lists one item a page, so that their answers carry a next-page Link.
                void Add(string what, Action<HttpRequestMessage> change, string? query = null) => requests.Add(($"{method} {path} {what}", () =>
                {
                    var message = new HttpRequestMessage(method, takesCursor ? $"{url}?limit=1{(query is null ? "" : "&" + query)}" : url);
                    change(message);
                    return message;
                }, documented));
                foreach (var authorization in Authorizations)
                    Add($"Authorization: {authorization?[..Math.Min(40, authorization.Length)]}", m => m.Headers.TryAddWithoutValidation("Authorization", authorization));
                foreach (var host in Hosts)
                    Add($"Host: {host}", m => m.Headers.Host = host);
                foreach (var (header, value) in OtherHeaders)
                    Add($"{header}: {value[..Math.Min(40, value.Length)]}", m => m.Headers.TryAddWithoutValidation(header, value));
                if (takesCursor)
                    foreach (var cursor in Cursors)
                        Add($"cursor={cursor[..Math.Min(40, cursor.Length)]}", _ => { }, $"cursor={Uri.EscapeDataString(cursor)}");
            }
        }

        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = _ct }, async (request, ct) =>
        {
            using var message = request.Build();
            var response = await api.CreateClient().SendAsync(message, ct);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(ct);
            var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
            if (status >= 500)
                failures.Add($"{status}: {request.What} -> {body}");
            else if (status >= 400 && message.Method == HttpMethod.Get && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{status} without problem+json: {request.What}");
            else if (status >= 400 && !request.Documented.Contains(status) && status is not (404 or 405 or 406))
                failures.Add($"{status} is not documented: {request.What}");
            if (ReflectionMarkers.Any(marker => headers.Contains(marker, StringComparison.OrdinalIgnoreCase) || body.Contains(marker, StringComparison.OrdinalIgnoreCase)))
                failures.Add($"a forged Host came back: {request.What}");
        });

        requests.Count.ShouldBeGreaterThan(300);
        failures.ShouldBeEmpty($"{failures.Count} failures of {requests.Count}:\n{string.Join("\n", failures.Take(40).Select(f => f[..Math.Min(300, f.Length)]))}");
    }

    static JsonNode? Poison(JsonNode? current, string text) => current switch
    {
        JsonArray array when array.Count > 0 && array[0] is JsonObject item => new JsonArray(With(item, item.First().Key, JsonValue.Create(text))),
        JsonArray => new JsonArray(JsonValue.Create(text)),
        JsonObject obj when obj.Count > 0 => With(obj, obj.First().Key, JsonValue.Create(text)),
        _ => JsonValue.Create(text),
    };

    static JsonObject With(JsonObject source, string member, JsonNode? value)
    {
        var copy = source.DeepClone().AsObject();
        copy[member] = value;
        return copy;
    }

    static JsonObject Without(JsonObject source, string member)
    {
        var copy = source.DeepClone().AsObject();
        copy.Remove(member);
        return copy;
    }

    static JsonNode Resolve(JsonNode document, JsonNode schema)
    {
        while (schema["$ref"] is { } reference)
            schema = document["components"]!["schemas"]![reference.GetValue<string>().Split('/').Last()]!;
        if (schema["allOf"] is JsonArray { Count: > 0 } all)
            return Resolve(document, all[0]!);
        return schema;
    }

    /// A plausible value for a schema: enough for the fuzz to start from something the API may accept.
    static JsonNode Example(JsonNode document, JsonNode schema, int depth)
    {
        schema = Resolve(document, schema);
        if (schema["enum"] is JsonArray { Count: > 0 } values)
            return values[0]!.DeepClone();
        var type = schema["type"]?.GetValue<string>() ?? (schema["properties"] is not null ? "object" : "string");
        return type switch
        {
            "object" when depth < 4 => new JsonObject((schema["properties"]?.AsObject() ?? [])
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Example(document, p.Value!, depth + 1)))),
            "object" => new JsonObject(),
            "array" => new JsonArray(),
            "integer" or "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(false),
            _ when schema["format"]?.GetValue<string>() == "date-time" => JsonValue.Create(DateTime.UtcNow.AddDays(1).ToString("O")),
            _ when schema["format"]?.GetValue<string>() is "uri" or "url" => JsonValue.Create("https://example.org/x"),
            _ => JsonValue.Create($"fuzz {Guid.NewGuid():N}"[..12]),
        };
    }

    /// Real objects for the operations' path parameters, so the fuzzed bodies reach the handlers.
    async Task<Dictionary<string, string>> TargetsAsync(Infrastructure.Caller admin)
    {
        var (article, _, _) = await admin.CreateArticleAsync();
        var tag = (await (await admin.Client.PostJsonAsync("/api/v1/tags", new { name = $"Fuzz {Guid.NewGuid():N}" })).JsonAsync()).GetProperty("id").GetString()!;
        return new Dictionary<string, string>
        {
            ["articles"] = article.GetProperty("id").GetString()!,
            ["authors"] = (await admin.NewAuthorIdAsync()).ToString(),
            ["sources"] = (await admin.NewSourceIdAsync()).ToString(),
            ["tags"] = tag,
            ["keys"] = (await api.EditorAsync()).KeyId.ToString(),
        };
    }
}
