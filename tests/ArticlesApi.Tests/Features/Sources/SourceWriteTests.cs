using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Sources;

public sealed class SourceWriteTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static object Valid(string? name = null) => new
    {
        name = name ?? $"ANSA {Guid.NewGuid():N}", kind = "agency", websiteUrl = "https://www.ansa.it", country = "it", description = "Agenzia",
    };

    [Fact]
    public async Task Create_Returns_201_With_Normalized_Country()
    {
        var editor = await api.EditorAsync();
        var response = await editor.Client.PostJsonAsync("/api/v1/sources", Valid());
        var source = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        source.GetProperty("country").GetString().ShouldBe("IT");
        source.GetProperty("kind").GetString().ShouldBe("agency");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/sources/{source.GetProperty("id").GetString()}");
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { "name", """{ "name": "", "kind": "agency" }""" },
        { "name", $$"""{ "name": "{{new string('x', 201)}}", "kind": "agency" }""" },
        { "kind", """{ "name": "x" }""" },
        { "kind", """{ "name": "x", "kind": "rumour" }""" },
        { "kind", """{ "name": "x", "kind": 42 }""" },
        { "websiteUrl", """{ "name": "x", "kind": "media", "websiteUrl": "javascript:alert(1)" }""" },
        { "websiteUrl", """{ "name": "x", "kind": "media", "websiteUrl": "/relative/path" }""" },
        { "websiteUrl", """{ "name": "x", "kind": "media", "websiteUrl": "ftp://example.org/file" }""" },
        { "country", """{ "name": "x", "kind": "media", "country": "XX" }""" },
        { "country", """{ "name": "x", "kind": "media", "country": "ITA" }""" },
        { "slug", """{ "name": "x", "kind": "media", "slug": "-bad-" }""" },
        { "description", $$"""{ "name": "x", "kind": "media", "description": "{{new string('x', 2001)}}" }""" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Create_With_Invalid_Field_Returns_400_Naming_It(string field, string body)
    {
        var editor = await api.EditorAsync();
        await (await editor.Client.PostJsonAsync("/api/v1/sources", body)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Update_Replaces_Fields()
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/sources", Valid());
        var url = created.Headers.Location!.ToString();

        var updated = await editor.Client.PutJsonAsync(url, new { name = "Reuters", kind = "media", country = "GB" }, created.ETag());

        var source = await updated.JsonAsync();
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        source.GetProperty("name").GetString().ShouldBe("Reuters");
        source.GetProperty("country").GetString().ShouldBe("GB");
        // PUT replaces: a field left out is cleared.
        source.GetProperty("websiteUrl").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Delete_Of_A_Cited_Source_Returns_409()
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/sources", Valid());
        var id = Guid.Parse((await created.JsonAsync()).GetProperty("id").GetString()!);
        await using (var db = api.Database.CreateContext())
        {
            var article = Fakes.Article(status: ArticleStatus.Draft);
            article.Authors.Add(new ArticleAuthor { Author = Fakes.Author(), Position = 0 });
            article.Citations.Add(new Citation { SourceId = id, Claim = "c", Position = 0 });
            db.Articles.Add(article);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var problem = await (await editor.Client.DeleteAsync(created.Headers.Location!.ToString(), created.ETag()))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "still-referenced");
        problem.GetProperty("detail").GetString()!.ShouldContain("cited");
    }

    [Fact]
    public async Task Delete_Of_An_Unused_Source_Returns_204()
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/sources", Valid());
        (await editor.Client.DeleteAsync(created.Headers.Location!.ToString(), created.ETag())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }
}
