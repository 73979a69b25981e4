using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Keys;

public sealed class KeysTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Create_Returns_The_Secret_Once_And_The_Key_Works()
    {
        var admin = await api.AdminAsync();

        var response = await admin.Client.PostJsonAsync("/api/v1/keys", new { name = "ops", role = "editor" });

        var created = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/keys/{created.GetProperty("id").GetString()}");
        var secret = created.GetProperty("secret").GetString()!;
        secret.ShouldStartWith("ak_");
        secret.Length.ShouldBe(46);
        created.GetProperty("prefix").GetString().ShouldBe(secret[..10]);
        created.GetProperty("role").GetString().ShouldBe("editor");

        var list = await (await admin.Client.GetAsync("/api/v1/keys", TestContext.Current.CancellationToken)).JsonAsync();
        var text = list.GetRawText();
        text.ShouldContain(created.GetProperty("id").GetString()!);
        text.ShouldNotContain(secret);
        text.ShouldNotContain("\"secret\"");

        var editor = api.ClientWithKey(secret);
        (await editor.PostJsonAsync("/api/v1/tags", new { name = $"ops {Guid.NewGuid():N}" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_Location_Of_A_New_Key_Answers_Without_The_Secret()
    {
        var admin = await api.AdminAsync();
        var created = await admin.Client.PostJsonAsync("/api/v1/keys", new { name = "mobile", role = "editor" });
        var secret = (await created.JsonAsync()).GetProperty("secret").GetString()!;

        var response = await admin.Client.GetAsync(created.Headers.Location, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var key = await response.JsonAsync();
        key.GetProperty("name").GetString().ShouldBe("mobile");
        key.GetRawText().ShouldNotContain(secret);
        (await admin.Client.GetAsync($"/api/v1/keys/{Guid.NewGuid()}", TestContext.Current.CancellationToken))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.ClientWithKey(secret).GetAsync(created.Headers.Location, TestContext.Current.CancellationToken))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task List_Pages_With_A_Cursor_Newest_First()
    {
        var admin = await api.AdminAsync();
        await api.EditorAsync();
        await api.EditorAsync();

        var first = await admin.Client.GetAsync("/api/v1/keys?limit=2", TestContext.Current.CancellationToken);
        var page1 = await first.JsonAsync();
        var cursor = page1.GetProperty("meta").GetProperty("nextCursor").GetString()!;
        first.Headers.GetValues("Link").Single().ShouldContain("rel=\"next\"");
        var page2 = await (await admin.Client.GetAsync($"/api/v1/keys?limit=2&cursor={cursor}", TestContext.Current.CancellationToken)).JsonAsync();

        var ids = page1.GetProperty("data").EnumerateArray().Concat(page2.GetProperty("data").EnumerateArray())
            .Select(k => k.GetProperty("id").GetGuid()).ToList();
        ids.Count.ShouldBe(4);
        ids.Distinct().Count().ShouldBe(4);
        page1.GetProperty("meta").GetProperty("limit").GetInt32().ShouldBe(2);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("cursor=not-a-cursor")]
    public async Task List_With_Bad_Paging_Returns_400(string query)
    {
        var admin = await api.AdminAsync();
        await (await admin.Client.GetAsync($"/api/v1/keys?{query}", TestContext.Current.CancellationToken)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_Reader_Key_Reads_Published_Content_As_Anonymous_Callers_Do_And_Writes_Nothing()
    {
        var admin = await api.AdminAsync();
        var (draft, _, draftUrl) = await admin.CreateArticleAsync();
        var (_, _, publishedUrl) = await admin.CreateArticleAsync();
        (await admin.Client.PostJsonAsync($"{publishedUrl}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var created = await admin.Client.PostJsonAsync("/api/v1/keys", new { name = "front end", role = "reader" });
        var reader = api.ClientWithKey((await created.JsonAsync()).GetProperty("secret").GetString()!);
        var ct = TestContext.Current.CancellationToken;

        var published = await reader.GetAsync(publishedUrl, ct);
        var anonymous = await api.CreateClient().GetAsync(publishedUrl, ct);
        var list = await reader.GetStringAsync("/api/v1/articles?limit=100", ct);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.JsonAsync()).GetProperty("role").GetString().ShouldBe("reader");
        published.ETag().ShouldBe(anonymous.ETag());
        published.Headers.CacheControl!.Public.ShouldBeTrue();
        (await reader.GetAsync(draftUrl, ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        list.ShouldNotContain(draft.GetProperty("id").GetString()!);
        await (await reader.GetAsync("/api/v1/articles?status=draft", ct)).ShouldBeValidationProblemAsync("status");
        await (await reader.PostJsonAsync("/api/v1/articles", Requests.Article(Guid.NewGuid().ToString())))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Create_Reader_Key_With_An_Author_Returns_400()
    {
        var admin = await api.AdminAsync();

        var response = await admin.Client.PostJsonAsync("/api/v1/keys", new { name = "front end", role = "reader", author = "someone" });

        await response.ShouldBeValidationProblemAsync("author");
    }

    [Fact]
    public async Task Create_Author_Key_Without_Author_Returns_400()
    {
        var admin = await api.AdminAsync();
        var response = await admin.Client.PostJsonAsync("/api/v1/keys", new { name = "x", role = "author" });
        await response.ShouldBeValidationProblemAsync("author");
    }

    [Fact]
    public async Task Create_With_Unknown_Author_Returns_400()
    {
        var admin = await api.AdminAsync();
        var response = await admin.Client.PostJsonAsync("/api/v1/keys", new { name = "x", role = "contributor", author = "nobody-" + Guid.NewGuid() });
        await response.ShouldBeValidationProblemAsync("author");
    }

    [Fact]
    public async Task Create_With_Unknown_Role_Returns_400()
    {
        var admin = await api.AdminAsync();
        var response = await admin.Client.PostJsonAsync("/api/v1/keys", new { name = "x", role = "overlord" });
        await response.ShouldBeValidationProblemAsync("role");
    }

    [Fact]
    public async Task Revoked_Key_Is_Refused_At_Once()
    {
        var admin = await api.AdminAsync();
        var editor = await api.EditorAsync();
        (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"before {Guid.NewGuid():N}" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await admin.Client.DeleteAsync($"/api/v1/keys/{editor.KeyId}", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var refused = await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"after {Guid.NewGuid():N}" });
        await refused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        refused.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Fact]
    public async Task Revoke_Unknown_Key_Returns_404()
    {
        var admin = await api.AdminAsync();
        var response = await admin.Client.DeleteAsync($"/api/v1/keys/{Guid.NewGuid()}", TestContext.Current.CancellationToken);
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData(Role.Contributor)]
    [InlineData(Role.Author)]
    [InlineData(Role.Editor)]
    public async Task Keys_Are_Admin_Only(Role role)
    {
        var caller = await api.CallerAsync(role);
        await (await caller.Client.GetAsync("/api/v1/keys", TestContext.Current.CancellationToken)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await caller.Client.PostJsonAsync("/api/v1/keys", new { name = "x", role = "admin" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await caller.Client.DeleteAsync($"/api/v1/keys/{caller.KeyId}", TestContext.Current.CancellationToken)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task No_Key_Returns_401_With_WWW_Authenticate()
    {
        var response = await api.CreateClient().GetAsync("/api/v1/keys", TestContext.Current.CancellationToken);
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Fact]
    public async Task Unknown_Key_Returns_401()
    {
        var response = await api.ClientWithKey("ak_" + new string('x', 43)).GetAsync("/api/v1/keys", TestContext.Current.CancellationToken);
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Key_In_Query_String_Is_Not_Accepted()
    {
        var admin = await api.AdminAsync();
        var response = await api.CreateClient().GetAsync($"/api/v1/keys?api_key={admin.Secret}&access_token={admin.Secret}", TestContext.Current.CancellationToken);
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Bootstrap_Admin_Key_From_Configuration_Works()
    {
        var response = await api.ClientWithKey(ApiFactory.BootstrapAdminKey).GetAsync("/api/v1/keys", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = api.Database.CreateContext();
        var key = db.ApiKeys.Single(k => k.SecretHash == ArticlesApi.Infrastructure.Auth.ApiKeySecrets.Hash(ApiFactory.BootstrapAdminKey));
        key.Role.ShouldBe(Role.Admin);
        key.Name.ShouldBe("bootstrap admin");
    }

    [Fact]
    public async Task Cli_Creates_A_Key_And_Prints_Its_Secret()
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await ArticlesApi.Infrastructure.Auth.KeysCommand.RunAsync(api.Services,
            ["keys", "create", "--role", "admin", "--name", "ops"], output, errors);

        exit.ShouldBe(0, errors.ToString());
        var secret = output.ToString().Trim();
        secret.ShouldStartWith("ak_");
        var response = await api.ClientWithKey(secret).GetAsync("/api/v1/keys", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cli_Refuses_An_Unknown_Role()
    {
        var errors = new StringWriter();
        var exit = await ArticlesApi.Infrastructure.Auth.KeysCommand.RunAsync(api.Services,
            ["keys", "create", "--role", "god", "--name", "ops"], new StringWriter(), errors);
        exit.ShouldBe(2);
        errors.ToString().ShouldContain("--role");
    }
}
