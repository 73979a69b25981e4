using System.Net;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Articles;

public sealed class ArticleCreateTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_Returns_201_Draft_With_Computed_Fields()
    {
        var editor = await api.EditorAsync();
        var author = await editor.NewAuthorIdAsync();
        var second = await editor.NewAuthorIdAsync();
        var source = await editor.NewSourceIdAsync();
        var tagName = $"Diplomazia {Guid.NewGuid():N}";
        var body = Requests.Article(author.ToString(), second.ToString())
            .With("title", $"Perché il trattato è fermo {Guid.NewGuid():N}")
            .With("body", new { markdown = "Primo paragrafo con **grassetto**.\n\nSecondo paragrafo." })
            .With("tags", new[] { tagName, tagName.ToUpperInvariant() })
            .With("citations", new[] { new { source = source.ToString(), claim = "Il negoziato è sospeso", attribution = "secondo", quote = (string?)null, url = "https://example.org/n" } })
            .With("featureImage", new { url = "https://img.example.org/a.jpg", alt = "Palazzo", caption = "Roma" })
            .With("canonicalUrl", "https://example.org/articolo");

        var response = await editor.Client.PostJsonAsync("/api/v1/articles", body);

        var article = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, article.GetRawText());
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/articles/{article.GetProperty("id").GetString()}");
        response.Headers.ETag.ShouldNotBeNull();
        article.GetProperty("status").GetString().ShouldBe("draft");
        article.GetProperty("slug").GetString()!.ShouldStartWith("perche-il-trattato-e-fermo-");
        article.GetProperty("excerpt").GetString().ShouldBe("Primo paragrafo con grassetto.");
        article.GetProperty("body").GetProperty("html").GetString()!.ShouldContain("<strong>grassetto</strong>");
        article.GetProperty("wordCount").GetInt32().ShouldBe(6);
        article.GetProperty("readingTimeMinutes").GetInt32().ShouldBe(1);
        article.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ShouldBe([author, second]);
        article.GetProperty("tags").GetArrayLength().ShouldBe(1);
        article.GetProperty("tags")[0].GetProperty("name").GetString().ShouldBe(tagName);
        article.GetProperty("citations")[0].GetProperty("source").GetProperty("id").GetGuid().ShouldBe(source);
        article.GetProperty("featureImage").GetProperty("caption").GetString().ShouldBe("Roma");
    }

    [Fact]
    public async Task Tags_Are_Found_By_Id_Slug_Or_Name()
    {
        var editor = await api.EditorAsync();
        var tag = await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"Esteri {Guid.NewGuid():N}" })).JsonAsync();
        var (id, slug, name) = (tag.GetProperty("id").GetString()!, tag.GetProperty("slug").GetString()!, tag.GetProperty("name").GetString()!);

        foreach (var reference in new[] { id, slug, name, name.ToLowerInvariant() })
        {
            var (article, _, _) = await editor.CreateArticleAsync(Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("tags", new[] { reference }));
            article.GetProperty("tags")[0].GetProperty("id").GetString().ShouldBe(id);
        }
    }

    [Fact]
    public async Task Authors_By_Slug_Are_Accepted()
    {
        var editor = await api.EditorAsync();
        var author = await (await editor.Client.PostJsonAsync("/api/v1/authors", new { name = $"Slugged {Guid.NewGuid():N}" })).JsonAsync();
        var (article, _, _) = await editor.CreateArticleAsync(Requests.Article(author.GetProperty("slug").GetString()!));
        article.GetProperty("authors")[0].GetProperty("id").GetString().ShouldBe(author.GetProperty("id").GetString());
    }

    public static TheoryData<string, string, object?> InvalidMembers => new()
    {
        { "title", "title", "" },
        { "title", "title", new string('t', 301) },
        { "slug", "slug", "Has Spaces" },
        { "subtitle", "subtitle", new string('s', 501) },
        { "excerpt", "excerpt", new string('e', 1001) },
        { "body", "body", null },
        { "body.markdown", "body", new { markdown = "" } },
        { "language", "language", "" },
        { "language", "language", "xx" },
        { "language", "language", "english" },
        { "language", "language", "it-ZZ" },
        { "authors", "authors", Array.Empty<string>() },
        { "authors", "authors", null },
        { "authors[0]", "authors", new[] { "" } },
        { "tags[0]", "tags", new[] { new string('t', 101) } },
        { "citations[0].claim", "citations", new[] { new { source = "x", claim = "" } } },
        { "citations[0].source", "citations", new[] { new { source = "", claim = "c" } } },
        { "citations[0].url", "citations", new[] { new { source = "x", claim = "c", url = "javascript:alert(1)" } } },
        { "citations[0].attribution", "citations", new[] { new { source = "x", claim = "c", attribution = new string('a', 101) } } },
        { "featureImage.url", "featureImage", new { url = "data:image/png;base64,AAAA" } },
        { "featureImage.alt", "featureImage", new { url = "https://a.org/i.png", alt = new string('a', 501) } },
        { "canonicalUrl", "canonicalUrl", "example.org/no-scheme" },
    };

    [Theory]
    [MemberData(nameof(InvalidMembers))]
    public async Task Create_With_Invalid_Member_Returns_400_Naming_The_Field(string field, string member, object? value)
    {
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With(member, value);
        await (await editor.Client.PostJsonAsync("/api/v1/articles", body)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Unknown_References_Return_400_Naming_Each_Field()
    {
        var editor = await api.EditorAsync();
        var author = await editor.NewAuthorIdAsync();
        var source = (await editor.NewSourceIdAsync()).ToString();
        var body = Requests.Article(author.ToString(), "no-such-author-" + Guid.NewGuid())
            .With("tags", new[] { Guid.NewGuid().ToString() })
            .With("citations", new[]
            {
                new { source, claim = "a" }, new { source, claim = "b" }, new { source = "no-such-source", claim = "c" },
            });

        var problem = await (await editor.Client.PostJsonAsync("/api/v1/articles", body)).ShouldBeValidationProblemAsync("authors[1]");

        var names = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        names.ShouldContain("citations[2].source");
        names.ShouldContain("tags[0]");
    }

    [Fact]
    public async Task A_Half_Valid_Write_Leaves_Nothing_Behind()
    {
        var editor = await api.EditorAsync();
        var source = (await editor.NewSourceIdAsync()).ToString();
        var newTag = $"Nuovo tag {Guid.NewGuid():N}";
        var title = $"Rollback {Guid.NewGuid():N}";
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString())
            .With("title", title)
            .With("tags", new[] { newTag })
            .With("citations", new[] { new { source, claim = "a" }, new { source, claim = "b" }, new { source = "unknown-" + Guid.NewGuid(), claim = "c" } });

        await (await editor.Client.PostJsonAsync("/api/v1/articles", body)).ShouldBeValidationProblemAsync("citations[2].source");

        await using var db = api.Database.CreateContext();
        (await db.Articles.AnyAsync(a => a.Title == title, _ct)).ShouldBeFalse();
        (await db.Tags.AnyAsync(t => t.Name == newTag, _ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task Explicit_Slug_That_Is_Taken_Returns_409_Naming_It()
    {
        var editor = await api.EditorAsync();
        var slug = $"unico-{Guid.NewGuid():N}";
        await editor.CreateArticleAsync(Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("slug", slug));

        var problem = await (await editor.Client.PostJsonAsync("/api/v1/articles",
            Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("slug", slug))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "slug-taken");

        problem.GetProperty("detail").GetString()!.ShouldContain(slug);
    }

    [Fact]
    public async Task Generated_Slugs_Fold_Accents_And_Count_Up()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var title = $"Perché Łódź {Guid.NewGuid().ToString("N")[..8]}";
        var (first, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("title", title));
        var (second, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("title", title));

        first.GetProperty("slug").GetString()!.ShouldStartWith("perche-lodz-");
        second.GetProperty("slug").GetString().ShouldBe(first.GetProperty("slug").GetString() + "-2");
    }

    [Fact]
    public async Task Unknown_Json_Member_Returns_400_Naming_It()
    {
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("status", "published");
        var problem = await (await editor.Client.PostJsonAsync("/api/v1/articles", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.GetRawText().ShouldContain("status");
    }

    [Fact]
    public async Task Unknown_Nested_Member_Returns_400_Naming_Its_Path()
    {
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("body", new { markdwn = "typo" });
        var problem = await (await editor.Client.PostJsonAsync("/api/v1/articles", body)).ShouldBeValidationProblemAsync("body.markdwn");
        problem.GetRawText().ShouldNotContain("Articles.Create.Request");
    }

    [Fact]
    public async Task Non_Json_Body_Returns_415_Problem()
    {
        var editor = await api.EditorAsync();
        var response = await editor.Client.PostAsync("/api/v1/articles", new StringContent("title=x"), _ct);
        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Theory]
    [InlineData("""{ "title": 42 }""")]
    [InlineData("""{ "title": "x", "authors": "not-an-array" }""")]
    [InlineData("""{ "title": """)]
    [InlineData("""[1, 2, 3]""")]
    [InlineData("""null""")]
    public async Task Malformed_Json_Returns_400_Problem(string json)
    {
        var editor = await api.EditorAsync();
        await (await editor.Client.PostJsonAsync("/api/v1/articles", json)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Body_Over_1_MiB_Returns_413_Problem()
    {
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("body", new { markdown = new string('a', 1_100_000) });
        await (await editor.Client.PostJsonAsync("/api/v1/articles", body)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Without_Key_Returns_401()
    {
        var response = await api.CreateClient().PostJsonAsync("/api/v1/articles", Requests.Article("x"));
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }
}
