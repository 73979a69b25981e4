using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Features.Media;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Security;

/// OWASP API1/API5 (broken object- and function-level authorization): every operation of the OpenAPI
/// document, fetched at run time so a new endpoint is audited (or fails until it has a rule), is called
/// with no key, a key of each role (reader included), a revoked key and a malformed key, against someone else's objects.
/// The answer must match the role table of api.md: allowed callers get past authorization (never 401 or
/// 403; their empty bodies may fail validation), the others get 401 (no valid key) or 403/404 (a valid
/// key without the right; 404 where the object's existence must not leak).
public sealed class AuthorizationAuditTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    enum Rule
    {
        Public,             // everyone, anonymous included
        Admin,              // keys, permanent delete
        Editors,            // authors, tags, sources; and others' articles
        Writers,            // any key (create an article)
        Publishers,         // editors, admins; contributors never (403); authors not on others' articles (404)
        Keys,               // any key (each sees what it may restore); without one, 400 naming the parameter
    }

    /// The role table of api.md, per operation. An operation missing here fails the audit.
    static readonly Dictionary<string, Rule> Rules = new()
    {
        ["GET /api/v1"] = Rule.Public,
        ["GET /api/v1/articles"] = Rule.Public,
        ["GET /api/v1/articles/{id}"] = Rule.Public,
        ["GET /api/v1/articles/{id}/related"] = Rule.Public,
        ["GET /api/v1/authors"] = Rule.Public,
        ["GET /api/v1/authors/{id}"] = Rule.Public,
        ["GET /api/v1/tags"] = Rule.Public,
        ["GET /api/v1/tags/{id}"] = Rule.Public,
        ["GET /api/v1/sources"] = Rule.Public,
        ["GET /api/v1/sources/{id}"] = Rule.Public,
        ["POST /api/v1/articles"] = Rule.Writers,
        ["PUT /api/v1/articles/{id}"] = Rule.Editors,
        ["DELETE /api/v1/articles/{id}"] = Rule.Editors,
        ["DELETE /api/v1/articles/{id}?permanent=true"] = Rule.Admin,
        ["POST /api/v1/articles/{id}/restore"] = Rule.Editors,
        ["POST /api/v1/articles/{id}/publish"] = Rule.Publishers,
        ["POST /api/v1/articles/{id}/unpublish"] = Rule.Publishers,
        ["POST /api/v1/articles/{id}/archive"] = Rule.Publishers,
        ["GET /api/v1/articles?status=trashed"] = Rule.Keys,
        ["POST /api/v1/articles/{id}/preview"] = Rule.Editors,
        ["DELETE /api/v1/articles/{id}/preview"] = Rule.Editors,
        // Revisions: those who may edit the article (others' articles: editors and admins only), never the public.
        ["GET /api/v1/articles/{id}/revisions"] = Rule.Editors,
        ["GET /api/v1/articles/{id}/revisions/{number}"] = Rule.Editors,
        ["GET /api/v1/articles/{id}/revisions/{number}/diff"] = Rule.Editors,
        ["POST /api/v1/articles/{id}/revisions/{number}/restore"] = Rule.Editors,
        ["POST /api/v1/articles/{id}/corrections"] = Rule.Editors,
        ["POST /api/v1/articles/{id}/takedown"] = Rule.Editors,
        ["POST /api/v1/authors"] = Rule.Editors,
        ["PUT /api/v1/authors/{id}"] = Rule.Editors,
        ["DELETE /api/v1/authors/{id}"] = Rule.Editors,
        ["POST /api/v1/tags"] = Rule.Editors,
        ["PUT /api/v1/tags/{id}"] = Rule.Editors,
        ["DELETE /api/v1/tags/{id}"] = Rule.Editors,
        ["POST /api/v1/sources"] = Rule.Editors,
        ["PUT /api/v1/sources/{id}"] = Rule.Editors,
        ["DELETE /api/v1/sources/{id}"] = Rule.Editors,
        ["GET /api/v1/feeds/rss"] = Rule.Public,
        ["GET /api/v1/feeds/atom"] = Rule.Public,
        ["GET /api/v1/feeds/json"] = Rule.Public,
        ["GET /api/v1/sitemaps/index.xml"] = Rule.Public,
        ["GET /api/v1/sitemaps/{name}.xml"] = Rule.Public,
        ["GET /api/v1/sitemaps/news.xml"] = Rule.Public,
        ["GET /api/v1/site"] = Rule.Public,
        ["PUT /api/v1/site"] = Rule.Admin,
        ["GET /api/v1/keys"] = Rule.Admin,
        ["GET /api/v1/keys/{id}"] = Rule.Admin,
        ["POST /api/v1/keys"] = Rule.Admin,
        ["DELETE /api/v1/keys/{id}"] = Rule.Admin,
        ["GET /api/v1/changes"] = Rule.Public,
        // Media: every staff role reads the library and uploads; contributors and authors change only what they uploaded.
        ["GET /api/v1/media"] = Rule.Writers,
        ["GET /api/v1/media/{id}"] = Rule.Writers,
        ["POST /api/v1/media"] = Rule.Writers,
        ["PUT /api/v1/media/{id}"] = Rule.Editors,
        ["DELETE /api/v1/media/{id}"] = Rule.Editors,
        ["GET /api/v1/webhooks"] = Rule.Admin,
        ["GET /api/v1/webhooks/{id}"] = Rule.Admin,
        ["POST /api/v1/webhooks"] = Rule.Admin,
        ["PUT /api/v1/webhooks/{id}"] = Rule.Admin,
        ["DELETE /api/v1/webhooks/{id}"] = Rule.Admin,
        ["GET /api/v1/webhooks/{id}/deliveries"] = Rule.Admin,
        ["POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry"] = Rule.Admin,
    };

    static readonly string[] Callers = ["anonymous", "reader", "contributor", "author", "editor", "admin", "revoked", "malformed"];

    [Fact]
    public async Task Every_Operation_Answers_Each_Caller_As_The_Role_Table_Says()
    {
        var admin = await api.AdminAsync();
        var keys = new Dictionary<string, string?>
        {
            ["anonymous"] = null,
            ["reader"] = (await api.CallerAsync(Role.Reader)).Secret,
            ["contributor"] = (await api.CallerAsync(Role.Contributor)).Secret,
            ["author"] = (await api.CallerAsync(Role.Author)).Secret,
            ["editor"] = (await api.EditorAsync()).Secret,
            ["admin"] = admin.Secret,
            ["revoked"] = await RevokedAdminKeyAsync(),
            ["malformed"] = "not-a-key",
        };
        var operations = await OperationsAsync();
        var heads = operations.Where(o => o.StartsWith("HEAD ", StringComparison.Ordinal)).ToList();
        operations.Except(heads).Where(o => !Rules.ContainsKey(o)).ShouldBeEmpty("every operation needs a rule in this audit");
        Rules.Keys.Where(r => !r.Contains('?')).Except(operations).ShouldBeEmpty("rules for operations that no longer exist");
        heads.Count.ShouldBe(Rules.Keys.Count(r => r.StartsWith("GET ", StringComparison.Ordinal) && !r.Contains('?')), "every GET answers HEAD");

        var failures = new List<string>();
        foreach (var operation in Rules.Keys.Concat(heads))
        foreach (var caller in Callers)
        {
            var (method, url, body, etag) = await TargetAsync(admin, operation);
            var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (keys[caller] is { } key)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            if (operation == "POST /api/v1/media")
                request.Content = Media.MediaRequests.Form(Media.TestImages.Of("png", 40, 30));
            else if (method is "POST" or "PUT")
                request.Content = new StringContent(body ?? "{}", Encoding.UTF8, "application/json");
            if (etag is not null)
                request.Headers.TryAddWithoutValidation("If-Match", etag);
            var response = await api.CreateClient().SendAsync(request, _ct);
            var status = (int)response.StatusCode;

            var expected = Expected(Rules[operation.StartsWith("HEAD ", StringComparison.Ordinal) ? "GET " + operation[5..] : operation], caller, operation);
            var ok = expected switch
            {
                "allowed" => status is not (401 or 403) and < 500,
                "401" => status == 401,
                "403" => status == 403,
                "400" => status == 400,
                _ => status is 403 or 404,
            };
            if (!ok)
                failures.Add($"{operation} as {caller}: {status}, expected {expected}");
            if (status >= 400)
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{operation} as {caller}");
        }

        failures.ShouldBeEmpty();
    }

    /// A contributor's draft, and the new tag it names, show nothing of themselves to any anonymous read
    /// of the document: not by id, slug, list, search or filter (the tag list once leaked draft topics).
    [Fact]
    public async Task A_Contributors_Draft_And_Its_New_Tag_Show_In_No_Anonymous_Read()
    {
        var contributor = await api.CallerAsync(Role.Contributor);
        var marker = $"leak{Guid.NewGuid():N}"[..16];
        // Names that sort first, so a leak would be on the first page of a list.
        var body = Requests.Article(contributor.AuthorId!.Value.ToString()).With("title", $"0 {marker}").With("tags", new[] { $"0 {marker}" });
        var (article, _, _) = await contributor.CreateArticleAsync(body);
        var tag = article.GetProperty("tags")[0];
        var keys = new Dictionary<string, string[]>
        {
            ["articles"] = [article.GetProperty("id").GetString()!, article.GetProperty("slug").GetString()!],
            ["tags"] = [tag.GetProperty("id").GetString()!, tag.GetProperty("slug").GetString()!],
            ["authors"] = [contributor.AuthorId.Value.ToString()],
            ["sources"] = [],
            ["sitemaps"] = ["tags", "authors", $"articles-{DateTime.UtcNow:yyyy-MM}"],
        };
        var anonymous = api.CreateClient();

        var checkedUrls = 0;
        foreach (var operation in (await OperationsAsync()).Where(o => o.StartsWith("GET ") && Rules[o] == Rule.Public))
        {
            var template = operation[4..];
            var resource = template.Split('/').ElementAtOrDefault(3) ?? "";
            var urls = template.Contains('{')
                ? keys[resource].Select(k => template.Replace("{idOrSlug}", k).Replace("{id}", k).Replace("{name}", k))
                : resource is "" or "sitemaps" ? [template]
                : resource == "articles" ? [$"{template}?limit=100", $"{template}?q={marker}", $"{template}?tag={keys["tags"][1]}"]
                : [$"{template}?limit=100"];
            foreach (var url in urls)
            {
                var response = await anonymous.GetAsync(url, _ct);
                // The draft or its tag by id or slug: not found (a problem names the path, so its body is not searched).
                if (template.Contains('{') && resource is "articles" or "tags")
                    response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
                else
                    (await response.Content.ReadAsStringAsync(_ct)).ShouldNotContain(marker, Case.Insensitive, url);
                checkedUrls++;
            }
        }
        checkedUrls.ShouldBeGreaterThan(10);
    }

    /// Keys travel only in the Authorization header: in a URL they would end up in logs and Referer headers.
    [Theory]
    [InlineData("/api/v1/keys?api_key={0}")]
    [InlineData("/api/v1/keys?access_token={0}")]
    [InlineData("/api/v1/keys?key={0}")]
    [InlineData("/api/v1/articles?status=draft&access_token={0}")]
    public async Task A_Key_In_The_Query_String_Is_Never_Accepted(string template)
    {
        var admin = await api.AdminAsync();

        var response = await api.CreateClient().GetAsync(string.Format(template, Uri.EscapeDataString(admin.Secret)), _ct);

        ((int)response.StatusCode).ShouldBeOneOf(400, 401);
    }

    static string Expected(Rule rule, string caller, string operation)
    {
        if (caller is "revoked" or "malformed")
            return "401";
        if (rule == Rule.Public)
            return "allowed";
        if (rule == Rule.Keys)
            return caller == "anonymous" ? "400" : "allowed";
        if (caller == "anonymous")
            return "401";
        // A reader key reads what the public reads and writes nothing.
        if (caller == "reader")
            return "403";
        return rule switch
        {
            Rule.Writers => "allowed",
            Rule.Admin => caller == "admin" ? "allowed" : "403",
            Rule.Editors when caller is "editor" or "admin" => "allowed",
            // Someone else's draft: its existence is not leaked to authors and contributors.
            Rule.Editors when operation.StartsWith("PUT /api/v1/articles") || operation.StartsWith("DELETE /api/v1/articles")
                              || operation.EndsWith("/restore") || operation.EndsWith("/preview") => "403 or 404",
            Rule.Editors => "403",
            Rule.Publishers when caller is "editor" or "admin" => "allowed",
            Rule.Publishers => caller == "contributor" ? "403" : "403 or 404",
            _ => throw new InvalidOperationException(rule.ToString()),
        };
    }

    /// The document's operations, and `HEAD` beside each GET that says it answers HEAD (the same rule as the GET).
    async Task<List<string>> OperationsAsync()
    {
        var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json", _ct)).RootElement;
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().SelectMany(op =>
                op.Value.TryGetProperty("x-answers-head", out var head) && head.GetBoolean()
                    ? new[] { $"GET {path.Name}", $"HEAD {path.Name}" }
                    : [$"{op.Name.ToUpperInvariant()} {path.Name}"]))
            .ToList();
    }

    /// A concrete URL with fresh objects that belong to someone else (another author's draft, an existing
    /// tag…), so each call is judged on its own and no call changes what the next one sees. An article
    /// PUT gets a valid body and If-Match, so that only the object-level check can refuse it.
    async Task<(string Method, string Url, string? Body, string? ETag)> TargetAsync(Infrastructure.Caller admin, string operation)
    {
        var (method, template) = (operation.Split(' ')[0], operation.Split(' ')[1]);
        if (!template.Contains('{'))
            return (method, template, null, null);
        if (operation == "PUT /api/v1/articles/{id}")
        {
            var (article, etag, url) = await admin.CreateArticleAsync();
            var author = article.GetProperty("authors")[0].GetProperty("id").GetString()!;
            return (method, url, JsonSerializer.Serialize(Requests.Article(author)), etag);
        }
        if (operation == "PUT /api/v1/media/{id}")
        {
            var response = await admin.Client.UploadAsync(Media.TestImages.Of("png", 40, 30));
            var media = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
            return (method, $"/api/v1/media/{media.GetProperty("id").GetGuid()}", JsonSerializer.Serialize(new { alt = "Audited" }), response.ETag());
        }
        var resource = template.Split('/')[3];
        string id = resource switch
        {
            "articles" when method is "GET" or "HEAD" => await PublishedArticleAsync(admin),
            "articles" when template.EndsWith("/revisions/{number}/restore") => (await admin.CreateArticleAsync()).Article.GetProperty("id").GetString()!,
            "articles" when template.EndsWith("/restore") => await TrashedDraftAsync(admin),
            "articles" when template.EndsWith("/unpublish") => await PublishedArticleAsync(admin),
            "articles" => (await admin.CreateArticleAsync()).Article.GetProperty("id").GetString()!,
            "authors" => (await admin.NewAuthorIdAsync()).ToString(),
            "sources" => (await admin.NewSourceIdAsync()).ToString(),
            "tags" => (await (await admin.Client.PostJsonAsync("/api/v1/tags", new { name = $"Audit {Guid.NewGuid():N}" })).JsonAsync())
                .GetProperty("id").GetString()!,
            "keys" => (await api.EditorAsync()).KeyId.ToString(),
            "webhooks" => (await (await admin.Client.PostJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/audit", events = new[] { "article.published" } }))
                .JsonAsync()).GetProperty("id").GetString()!,
            "sitemaps" => "authors",
            "media" => (await (await admin.Client.UploadAsync(Media.TestImages.Of("png", 40, 30))).JsonAsync()).GetProperty("id").GetString()!,
            _ => throw new InvalidOperationException($"No target for {operation}"),
        };
        var path = template.Replace("{idOrSlug}", id).Replace("{id}", id).Replace("{number}", "1").Replace("{name}", id);
        if (path.Contains("{deliveryId}"))
            path = path.Replace("{deliveryId}", (await DeliveryOfAsync(Guid.Parse(id))).ToString());
        return (method, path, null, null);
    }

    /// A logged delivery of the webhook (as the worker would have made it).
    async Task<Guid> DeliveryOfAsync(Guid webhookId)
    {
        await using var db = api.Database.CreateContext();
        var delivery = new WebhookDelivery
        {
            WebhookId = webhookId, Sequence = 1, EventType = "article.published", MessageId = "msg_1", Payload = "{}",
            Status = DeliveryStatus.Failed, CreatedAt = DateTime.UtcNow,
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(_ct);
        return delivery.Id;
    }

    static async Task<string> PublishedArticleAsync(Infrastructure.Caller admin)
    {
        var (article, _, url) = await admin.CreateArticleAsync();
        (await admin.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return article.GetProperty("id").GetString()!;
    }

    static async Task<string> TrashedDraftAsync(Infrastructure.Caller admin)
    {
        var (article, etag, url) = await admin.CreateArticleAsync();
        (await admin.Client.DeleteAsync(url, etag)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return article.GetProperty("id").GetString()!;
    }

    async Task<string> RevokedAdminKeyAsync()
    {
        var revoked = await api.AdminAsync();
        await using var db = api.Database.CreateContext();
        await db.ApiKeys.Where(k => k.Id == revoked.KeyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTime.UtcNow), _ct);
        return revoked.Secret;
    }
}
