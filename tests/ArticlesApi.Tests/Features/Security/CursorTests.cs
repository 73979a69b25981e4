using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Paging;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ArticleList = global::Articles.List;

namespace ArticlesApi.Tests.Features.Security;

/// Cursors are signed with a key of this installation's own, and read like any input: a cursor forged
/// with the key (it can leak) answers 400 naming `cursor`, never 500. Each forged cursor here is signed
/// with the test host's real key, so what refuses it is the check of its contents, not the MAC; the
/// first tests show that a well-formed forged cursor is accepted.
public sealed class CursorTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    const string Id = "0195f7a1-2c3d-7e4f-8a9b-0c1d2e3f4a5b";
    const string EmptyId = "00000000-0000-0000-0000-000000000000";
    static readonly long Now = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc).Ticks;

    /// The signed form CursorCodec gives out, written again here as a forger would.
    static string Sign(byte[] key, string scope, string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        var mac = HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes(scope), 0, .. payload])[..16];
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(mac)}";
    }

    static async Task<byte[]> InstallationKeyAsync(TestDatabase database, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Set<InstallationSecret>().Where(s => s.Name == CursorKey.SecretName).Select(s => s.Value).SingleAsync(ct);
    }

    static string ArticleScope(string? sort = null, string? q = null) =>
        ArticleList.ArticleQuery.From(new ArticleList.Request { Sort = sort, Q = q }).Scope;

    static string ListUrl(string path, string? sort, string? q, string cursor) =>
        $"{path}?cursor={Uri.EscapeDataString(cursor)}" + (sort is null ? "" : $"&sort={sort}") + (q is null ? "" : $"&q={q}");

    [Theory]
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":638000000000000000}""")]
    [InlineData("publishedAt", null, $$"""{"id":"{{Id}}","at":638000000000000000}""")]
    [InlineData("-updatedAt", null, $$"""{"id":"{{Id}}","at":638000000000000000}""")]
    [InlineData("title", null, $$"""{"id":"{{Id}}","title":"Any title\twith a tab"}""")]
    [InlineData("relevance", "vertice", $$"""{"id":"{{Id}}","rank":0.5}""")]
    public async Task A_Well_Formed_Forged_Article_Cursor_Is_Accepted(string? sort, string? q, string json)
    {
        var cursor = Sign(await InstallationKeyAsync(api.Database, _ct), ArticleScope(sort, q), json);

        var response = await _client.GetAsync(ListUrl("/api/v1/articles", sort, q, cursor), _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
    }

    [Theory]
    // Instants out of DateTime's range (an exception today) or at its ends (±infinity in PostgreSQL).
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":-1}""")]
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":0}""")]
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":3155378975999999999}""")]
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":9223372036854775807}""")]
    [InlineData("publishedAt", null, $$"""{"id":"{{Id}}","at":-638000000000000000}""")]
    [InlineData("-updatedAt", null, $$"""{"id":"{{Id}}","at":4000000000000000000}""")]
    // Members missing, extra, repeated, of the wrong type, or of another sort.
    [InlineData(null, null, $$"""{"id":"{{Id}}"}""")]
    [InlineData(null, null, """{"at":638000000000000000}""")]
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":638000000000000000,"x":1}""")]
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":638000000000000000,"at":638000000000000001}""")]
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":"638000000000000000"}""")]
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":6.38e17}""")]
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":null}""")]
    [InlineData(null, null, $$"""{"ID":"{{Id}}","AT":638000000000000000}""")]
    [InlineData(null, null, $$"""{"id":"{{Id}}","at":638000000000000000,"title":"x"}""")]
    [InlineData(null, null, """{"id":5,"at":638000000000000000}""")]
    [InlineData(null, null, """{"id":"not-a-guid","at":638000000000000000}""")]
    [InlineData(null, null, $$"""{"id":"{{EmptyId}}","at":638000000000000000}""")]
    [InlineData(null, null, "null")]
    [InlineData(null, null, "[]")]
    [InlineData(null, null, "{}")]
    [InlineData(null, null, "\"x\"")]
    [InlineData(null, null, "{\"id\":")]
    // Titles the column could not hold: NUL, a lone surrogate, longer than varchar(300), null.
    [InlineData("title", null, $$"""{"id":"{{Id}}","title":"a\u0000b"}""")]
    [InlineData("title", null, $$"""{"id":"{{Id}}","title":"a\ud800b"}""")]
    [InlineData("title", null, $$"""{"id":"{{Id}}","title":null}""")]
    [InlineData("title", null, $$"""{"id":"{{Id}}","title":["a"]}""")]
    [InlineData("title", null, $$"""{"id":"{{Id}}","at":638000000000000000}""")]
    // Ranks that are not a ts_rank_cd value.
    [InlineData("relevance", "vertice", $$"""{"id":"{{Id}}","rank":1e39}""")]
    [InlineData("relevance", "vertice", $$"""{"id":"{{Id}}","rank":"NaN"}""")]
    [InlineData("relevance", "vertice", $$"""{"id":"{{Id}}","rank":"Infinity"}""")]
    [InlineData("relevance", "vertice", $$"""{"id":"{{Id}}","rank":-1}""")]
    [InlineData("relevance", "vertice", $$"""{"id":"{{Id}}"}""")]
    public async Task A_Forged_Article_Cursor_With_Bad_Contents_Returns_400_Naming_Cursor(string? sort, string? q, string json)
    {
        var cursor = Sign(await InstallationKeyAsync(api.Database, _ct), ArticleScope(sort, q), json);

        var response = await _client.GetAsync(ListUrl("/api/v1/articles", sort, q, cursor), _ct);

        await response.ShouldBeValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task A_Forged_Title_Cursor_Longer_Than_The_Title_Column_Returns_400()
    {
        var key = await InstallationKeyAsync(api.Database, _ct);
        var fits = Sign(key, ArticleScope("title"), $$"""{"id":"{{Id}}","title":"{{new string('t', 300)}}"}""");
        var tooLong = Sign(key, ArticleScope("title"), $$"""{"id":"{{Id}}","title":"{{new string('t', 301)}}"}""");

        (await _client.GetAsync(ListUrl("/api/v1/articles", "title", null, fits), _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await _client.GetAsync(ListUrl("/api/v1/articles", "title", null, tooLong), _ct)).ShouldBeValidationProblemAsync("cursor");
    }

    public static TheoryData<string, string, int> NamedLists => new()
    {
        { "/api/v1/authors", global::Authors.List.Endpoint.Scope, 200 },
        { "/api/v1/tags", global::Tags.List.Endpoint.Scope, 100 },
        { "/api/v1/sources", global::Sources.List.Endpoint.Scope, 200 },
    };

    [Theory]
    [MemberData(nameof(NamedLists))]
    public async Task A_Forged_Name_Cursor_Is_Checked_Against_The_Name_Column(string path, string scope, int maxName)
    {
        var key = await InstallationKeyAsync(api.Database, _ct);
        string[] refused =
        [
            $$"""{"name":"a\u0000b","id":"{{Id}}"}""",
            $$"""{"name":"\udc00","id":"{{Id}}"}""",
            $$"""{"name":"{{new string('n', maxName + 1)}}","id":"{{Id}}"}""",
            $$"""{"name":null,"id":"{{Id}}"}""",
            $$"""{"id":"{{Id}}"}""",
            """{"name":"a"}""",
            $$"""{"name":"a","id":"{{EmptyId}}"}""",
            $$"""{"name":5,"id":"{{Id}}"}""",
            $$"""{"name":"a","id":"{{Id}}","at":1}""",
        ];

        var fits = await _client.GetAsync($"{path}?cursor={Sign(key, scope, $$"""{"name":"{{new string('n', maxName)}}","id":"{{Id}}"}""")}", _ct);
        var withControl = await _client.GetAsync($"{path}?cursor={Sign(key, scope, $$"""{"name":"a\u0001b","id":"{{Id}}"}""")}", _ct);

        fits.StatusCode.ShouldBe(HttpStatusCode.OK, await fits.Content.ReadAsStringAsync(_ct));
        // A stored name may hold a control character other than NUL (names are free text), so its cursor must work.
        withControl.StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var json in refused)
            await (await _client.GetAsync($"{path}?cursor={Sign(key, scope, json)}", _ct)).ShouldBeValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task The_Keys_List_Signs_Its_Cursors_And_Checks_Them()
    {
        var admin = await api.AdminAsync();
        var key = await InstallationKeyAsync(api.Database, _ct);
        var unsigned = Convert.ToBase64String(Guid.CreateVersion7().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var forged = await admin.Client.GetAsync($"/api/v1/keys?cursor={Sign(key, global::Keys.List.Endpoint.Scope, $$"""{"id":"{{Id}}"}""")}", _ct);

        forged.StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await admin.Client.GetAsync($"/api/v1/keys?cursor={unsigned}", _ct)).ShouldBeValidationProblemAsync("cursor");
        foreach (var json in new[] { $$"""{"id":"{{EmptyId}}"}""", "{}", """{"id":"x"}""", $$"""{"id":"{{Id}}","x":1}""" })
            await (await admin.Client.GetAsync($"/api/v1/keys?cursor={Sign(key, global::Keys.List.Endpoint.Scope, json)}", _ct))
                .ShouldBeValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task A_Cursor_Signed_With_The_Former_Built_In_Key_Returns_400()
    {
        // The constant every installation used before keys were made per installation.
        var published = SHA256.HashData("ArticlesApi.Paging.CursorKey/v1"u8);
        var cursor = Sign(published, ArticleScope(), $$"""{"id":"{{Id}}","at":{{Now}}}""");

        var response = await _client.GetAsync(ListUrl("/api/v1/articles", null, null, cursor), _ct);

        await response.ShouldBeValidationProblemAsync("cursor");
        (await InstallationKeyAsync(api.Database, _ct)).Length.ShouldBe(CursorKey.GeneratedBytes);
    }

    static WebApplicationFactory<Program> Instance(TestDatabase database, string? cursorKey = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:Articles", database.ConnectionString);
            b.UseSetting("Database:MigrateOnStartup", "true");
            b.UseSetting("Database:SeedSampleContent", "true");
            b.UseSetting("RateLimiting:Enabled", "false");
            if (cursorKey is not null)
                b.UseSetting("Paging:CursorKey", cursorKey);
        });

    [Fact]
    public async Task Two_Instances_On_One_Database_Make_One_Key_And_Accept_Each_Others_Cursors()
    {
        await using var database = await TestDatabase.CreateEmptyAsync("cursorkey");
        await using var first = Instance(database);
        await using var second = Instance(database);
        // Started together: both try to create the key, one wins, both use it.
        await Task.WhenAll(Task.Run(() => first.Server, _ct), Task.Run(() => second.Server, _ct));

        var page1 = await (await first.CreateClient().GetAsync("/api/v1/tags?limit=3", _ct)).JsonAsync();
        var cursor = page1.GetProperty("meta").GetProperty("nextCursor").GetString()!;
        var onSecond = await second.CreateClient().GetAsync($"/api/v1/tags?limit=3&cursor={cursor}", _ct);
        var articles = await (await second.CreateClient().GetAsync("/api/v1/articles?limit=2", _ct)).JsonAsync();
        var onFirst = await first.CreateClient().GetAsync(
            $"/api/v1/articles?limit=2&cursor={articles.GetProperty("meta").GetProperty("nextCursor").GetString()}", _ct);

        onSecond.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page2 = await onSecond.JsonAsync();
        page2.GetProperty("data")[0].GetProperty("name").GetString()
            .ShouldNotBe(page1.GetProperty("data")[2].GetProperty("name").GetString());
        onFirst.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = database.CreateContext();
        (await db.Set<InstallationSecret>().CountAsync(_ct)).ShouldBe(1);
        first.Services.GetRequiredService<CursorKey>().Current.ShouldBe(second.Services.GetRequiredService<CursorKey>().Current);
    }

    [Fact]
    public async Task Without_Its_Key_At_Start_Up_A_List_Answers_503_Until_The_Key_Is_Loaded()
    {
        await using var database = await TestDatabase.CreateEmptyAsync("cursorlate");
        await using var early = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:Articles", database.ConnectionString);
            b.UseSetting("Database:MigrateOnStartup", "false");
        });
        var client = early.CreateClient();
        await using (var db = database.CreateContext())
        {
            // Migrated after the API started, so its start-up found no installation_secrets table.
            await db.Database.MigrateAsync(_ct);
            db.Authors.AddRange(Fakes.Author(), Fakes.Author());
            await db.SaveChangesAsync(_ct);
        }

        var without = await client.GetAsync("/api/v1/authors?limit=1", _ct);
        await early.Services.GetRequiredService<CursorKey>().LoadAsync(_ct);
        var with = await client.GetAsync("/api/v1/authors?limit=1", _ct);

        await without.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "database-unavailable");
        without.Headers.RetryAfter.ShouldNotBeNull();
        with.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await with.JsonAsync()).GetProperty("meta").GetProperty("nextCursor").GetString().ShouldNotBeNullOrEmpty();
        early.Services.GetRequiredService<CursorKey>().Current.ShouldBe(await InstallationKeyAsync(database, _ct));
    }

    [Fact]
    public async Task A_Configured_Key_Is_Used_Instead_Of_The_Installations()
    {
        await using var database = await TestDatabase.CreateEmptyAsync("cursorcfg");
        const string configured = "a-configured-cursor-key-of-32-chars!";
        await using var configuredApi = Instance(database, configured);
        var page1 = await (await configuredApi.CreateClient().GetAsync("/api/v1/tags?limit=3", _ct)).JsonAsync();
        var cursor = page1.GetProperty("meta").GetProperty("nextCursor").GetString()!;
        await using var generatedApi = Instance(database);

        var sameKey = await configuredApi.CreateClient().GetAsync($"/api/v1/tags?limit=3&cursor={cursor}", _ct);
        var otherKey = await generatedApi.CreateClient().GetAsync($"/api/v1/tags?limit=3&cursor={cursor}", _ct);

        sameKey.StatusCode.ShouldBe(HttpStatusCode.OK);
        await otherKey.ShouldBeValidationProblemAsync("cursor");
        cursor.ShouldBe(Sign(SHA256.HashData(Encoding.UTF8.GetBytes(configured)), global::Tags.List.Endpoint.Scope,
            Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor.Split('.')[0]))));
    }

    [Fact]
    public async Task A_Configured_Key_Shorter_Than_32_Characters_Refuses_To_Start()
    {
        await using var database = await TestDatabase.CreateEmptyAsync("cursorshort");
        await using var api = Instance(database, "only-31-characters-long-secret!");

        var failure = Should.Throw<Exception>(() => api.Server);

        failure.ToString().ShouldContain("Paging:CursorKey must be at least 32");
    }
}
