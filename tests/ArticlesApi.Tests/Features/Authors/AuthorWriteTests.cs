using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Authors;

public sealed class AuthorWriteTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Create_Returns_201_With_The_Email_For_The_Editor_Only()
    {
        var editor = await api.EditorAsync();
        var response = await editor.Client.PostJsonAsync("/api/v1/authors", new
        {
            name = $"Anna Kovač {Guid.NewGuid():N}", bio = "Corrispondente", email = "anna@example.org",
            avatarUrl = "https://img.example.org/a.png", websiteUrl = "https://anna.example.org", location = "Zagreb",
            links = new[] { new { label = "Mastodon", url = "https://mastodon.social/@anna" } },
        });

        var author = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        author.GetProperty("slug").GetString()!.ShouldStartWith("anna-kovac-");
        author.GetProperty("links")[0].GetProperty("label").GetString().ShouldBe("Mastodon");
        author.GetProperty("email").GetString().ShouldBe("anna@example.org");
        (await (await api.CreateClient().GetAsync(response.Headers.Location, TestContext.Current.CancellationToken)).JsonAsync())
            .GetRawText().ShouldNotContain("anna@example.org");
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { "name", """{ "name": " " }""" },
        { "email", """{ "name": "x", "email": "not-an-email" }""" },
        { "avatarUrl", """{ "name": "x", "avatarUrl": "data:image/png;base64,AAAA" }""" },
        { "websiteUrl", """{ "name": "x", "websiteUrl": "javascript:alert(1)" }""" },
        { "location", $$"""{ "name": "x", "location": "{{new string('x', 201)}}" }""" },
        { "bio", $$"""{ "name": "x", "bio": "{{new string('x', 10001)}}" }""" },
        { "links[0].url", """{ "name": "x", "links": [ { "label": "a", "url": "nope" } ] }""" },
        { "links[1].label", """{ "name": "x", "links": [ { "label": "a", "url": "https://a.org" }, { "label": "", "url": "https://b.org" } ] }""" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Create_With_Invalid_Field_Returns_400_Naming_It(string field, string body)
    {
        var editor = await api.EditorAsync();
        await (await editor.Client.PostJsonAsync("/api/v1/authors", body)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Delete_Of_A_Credited_Author_Returns_409()
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/authors", new { name = $"Credited {Guid.NewGuid():N}" });
        var id = Guid.Parse((await created.JsonAsync()).GetProperty("id").GetString()!);
        await using (var db = api.Database.CreateContext())
        {
            var article = Fakes.Article(status: ArticleStatus.Draft);
            article.Authors.Add(new ArticleAuthor { AuthorId = id, Position = 0 });
            db.Articles.Add(article);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var problem = await (await editor.Client.DeleteAsync(created.Headers.Location!.ToString(), created.ETag()))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "still-referenced");
        problem.GetProperty("detail").GetString()!.ShouldContain("credited");
    }

    [Fact]
    public async Task Delete_Of_An_Author_That_An_Active_Key_Acts_As_Returns_409_Naming_The_Key_Until_It_Is_Revoked()
    {
        var editor = await api.EditorAsync();
        var admin = await api.AdminAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/authors", new { name = $"Keyed {Guid.NewGuid():N}" });
        var url = created.Headers.Location!.ToString();
        var key = await api.CallerAsync(Role.Author, (await created.JsonAsync()).GetProperty("id").GetGuid());

        var problem = await (await editor.Client.DeleteAsync(url, created.ETag())).ShouldBeProblemAsync(HttpStatusCode.Conflict, "still-referenced");
        var revoked = await admin.Client.DeleteAsync($"/api/v1/keys/{key.KeyId}", TestContext.Current.CancellationToken);
        var deleted = await editor.Client.DeleteAsync(url, created.ETag());

        problem.GetProperty("detail").GetString()!.ShouldContain($"1 active API key(s) ({key.KeyId})");
        revoked.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    /// Revoked keys keep the audit trail (whom they acted as), not the author: as on GitHub, a revoked
    /// credential does not keep its user from being deleted.
    [Fact]
    public async Task Delete_Of_An_Author_With_Only_Revoked_Keys_Returns_204_And_The_Keys_Remember_The_Author()
    {
        var editor = await api.EditorAsync();
        var admin = await api.AdminAsync();
        var name = $"Once Keyed {Guid.NewGuid():N}";
        var created = await editor.Client.PostJsonAsync("/api/v1/authors", new { name });
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var key = await (await admin.Client.PostJsonAsync("/api/v1/keys", new { name = "old laptop", role = "contributor", author = id.ToString() })).JsonAsync();
        var keyUrl = $"/api/v1/keys/{key.GetProperty("id").GetString()}";
        (await admin.Client.DeleteAsync(keyUrl, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var deleted = await editor.Client.DeleteAsync(created.Headers.Location!.ToString(), created.ETag());

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent, await deleted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var remembered = await (await admin.Client.GetAsync(keyUrl, TestContext.Current.CancellationToken)).JsonAsync();
        remembered.GetProperty("author").ValueKind.ShouldBe(JsonValueKind.Null);
        remembered.GetProperty("formerAuthor").GetProperty("id").GetGuid().ShouldBe(id);
        remembered.GetProperty("formerAuthor").GetProperty("name").GetString().ShouldBe(name);
        remembered.GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.String);
        (await api.ClientWithKey(key.GetProperty("secret").GetString()!).GetAsync("/api/v1/authors", TestContext.Current.CancellationToken))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Update_Keeps_The_Slug_When_Not_Given()
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/authors", new { name = $"Keeper {Guid.NewGuid():N}" });
        var slug = (await created.JsonAsync()).GetProperty("slug").GetString();

        var updated = await editor.Client.PutJsonAsync(created.Headers.Location!.ToString(), new { name = "Another Name" }, created.ETag());

        (await updated.JsonAsync()).GetProperty("slug").GetString().ShouldBe(slug);
    }
}
