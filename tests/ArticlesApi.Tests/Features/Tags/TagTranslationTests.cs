using System.Net;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Tags;

/// A tag's names in other languages: written and read as `translations`, under the look-alike rule of names.
public sealed class TagTranslationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Translations_Are_Written_Read_And_Replaced_By_Put()
    {
        var editor = await api.EditorAsync();
        var suffix = Suffix();
        var created = await editor.Client.PostJsonAsync("/api/v1/tags", new
        {
            name = $"Esteri {suffix}",
            translations = new Dictionary<string, object>
            {
                ["EN"] = new { name = $"World {suffix}", description = "Foreign news." },
                ["fr"] = new { name = $"Monde {suffix}" },
            },
        });
        var tag = await created.JsonAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Created, tag.ToString());
        tag.GetProperty("translations").GetProperty("en").GetProperty("name").GetString().ShouldBe($"World {suffix}");
        tag.GetProperty("translations").GetProperty("en").GetProperty("description").GetString().ShouldBe("Foreign news.");
        tag.GetProperty("translations").GetProperty("fr").GetProperty("name").GetString().ShouldBe($"Monde {suffix}");

        var replaced = await editor.Client.PutJsonAsync($"/api/v1/tags/{tag.GetProperty("id").GetString()}", new
        {
            name = $"Esteri {suffix}",
            translations = new Dictionary<string, object> { ["en"] = new { name = $"Foreign {suffix}" } },
        }, created.ETag());
        var after = await replaced.JsonAsync();
        replaced.StatusCode.ShouldBe(HttpStatusCode.OK, after.ToString());
        after.GetProperty("translations").EnumerateObject().Select(p => p.Name).ShouldBe(["en"]);
        after.GetProperty("translations").GetProperty("en").GetProperty("name").GetString().ShouldBe($"Foreign {suffix}");
        var read = await (await editor.Client.GetAsync($"/api/v1/tags/{tag.GetProperty("slug").GetString()}", _ct)).JsonAsync();
        read.GetProperty("translations").GetProperty("en").GetProperty("name").GetString().ShouldBe($"Foreign {suffix}");
    }

    [Fact]
    public async Task A_Translated_Name_That_Looks_Like_Another_Tags_Name_In_That_Language_Returns_409_Naming_It()
    {
        var editor = await api.EditorAsync();
        var suffix = Suffix();
        var first = await (await editor.Client.PostJsonAsync("/api/v1/tags", new
        {
            name = $"Esteri {suffix}", translations = new Dictionary<string, object> { ["en"] = new { name = $"World {suffix}" } },
        })).JsonAsync();

        var response = await editor.Client.PostJsonAsync("/api/v1/tags", new
        {
            name = $"Mondo {suffix}", translations = new Dictionary<string, object> { ["en"] = new { name = $"WORLD {suffix}" } },
        });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "look-alike-tag");
        problem.GetProperty("errors")[0].GetProperty("name").GetString().ShouldBe("translations.en.name");
        problem.GetProperty("slug").GetString().ShouldBe(first.GetProperty("slug").GetString());
        (await editor.Client.PostJsonAsync("/api/v1/tags", new
        {
            name = $"Mondo {suffix}", translations = new Dictionary<string, object> { ["de"] = new { name = $"World {suffix}" } },
        })).StatusCode.ShouldBe(HttpStatusCode.Created, "another language may use the name");
    }

    [Fact]
    public async Task A_Translated_Name_That_Looks_Like_Another_Tags_Own_Name_Returns_409()
    {
        var editor = await api.EditorAsync();
        var suffix = Suffix();
        (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"Energy {suffix}" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await editor.Client.PostJsonAsync("/api/v1/tags", new
        {
            name = $"Energia {suffix}", translations = new Dictionary<string, object> { ["en"] = new { name = $"Énergy {suffix}" } },
        });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "look-alike-tag");
    }

    [Fact]
    public async Task An_Unknown_Language_Or_A_Translation_Without_Name_Returns_400()
    {
        var editor = await api.EditorAsync();

        (await editor.Client.PostJsonAsync("/api/v1/tags", new
        {
            name = $"Tag {Suffix()}", translations = new Dictionary<string, object> { ["xx-nope"] = new { name = "Nope" } },
        })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await editor.Client.PostJsonAsync("/api/v1/tags", new
        {
            name = $"Tag {Suffix()}", translations = new Dictionary<string, object> { ["en"] = new { name = "" } },
        })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_Article_Naming_A_Tag_By_Its_Translated_Name_Gets_That_Tag()
    {
        var editor = await api.EditorAsync();
        var suffix = Suffix();
        var tag = await (await editor.Client.PostJsonAsync("/api/v1/tags", new
        {
            name = $"Esteri {suffix}", translations = new Dictionary<string, object> { ["en"] = new { name = $"World {suffix}" } },
        })).JsonAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();

        var (article, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("language", "en").With("tags", new[] { $"world {suffix}" }));

        article.GetProperty("tags")[0].GetProperty("id").GetString().ShouldBe(tag.GetProperty("id").GetString());
        article.GetProperty("tags")[0].GetProperty("name").GetString().ShouldBe($"World {suffix}");
    }
}
