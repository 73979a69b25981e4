using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Authors;

public sealed class AuthorWriteTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Create_Returns_201_And_Never_Shows_The_Email()
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
        author.GetRawText().ShouldNotContain("anna@example.org");
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
    public async Task Delete_Of_An_Author_That_A_Key_Acts_As_Returns_409()
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/authors", new { name = $"Keyed {Guid.NewGuid():N}" });
        await api.CallerAsync(Role.Author, (await created.JsonAsync()).GetProperty("id").GetGuid());

        var problem = await (await editor.Client.DeleteAsync(created.Headers.Location!.ToString(), created.ETag()))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "still-referenced");
        problem.GetProperty("detail").GetString()!.ShouldContain("API key");
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
