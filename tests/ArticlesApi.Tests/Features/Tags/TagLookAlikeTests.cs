using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Tags;

/// A tag whose name only looks like an existing tag's (other scripts' letters, case, accents,
/// full-width forms, invisible characters, spacing) is refused, or, from an article write, is that tag.
public sealed class TagLookAlikeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// An existing tag "Cina xxxxxxxx" (unique per test) and its slug.
    async Task<(Caller Editor, string Name, string Id, string Slug)> ExistingAsync(string word = "Cina")
    {
        var editor = await api.EditorAsync();
        var name = $"{word} {Guid.NewGuid().ToString("N")[..8]}";
        var created = await editor.Client.PostJsonAsync("/api/v1/tags", new { name });
        var tag = await created.JsonAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (editor, name, tag.GetProperty("id").GetString()!, tag.GetProperty("slug").GetString()!);
    }

    /// Look-alikes of "Cina …": a Cyrillic С, upper case, full-width letters, a zero-width space,
    /// doubled spaces, an accent.
    public static TheoryData<string> LookAlikes => new()
    {
        "\u0421ina",
        "CINA",
        "\uFF23\uFF49\uFF4E\uFF41",
        "Ci\u200Bna",
        "Cìna",
    };

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public async Task Create_With_A_Look_Alike_Name_Returns_409_Naming_Name_And_The_Existing_Slug(string word)
    {
        var (editor, name, _, slug) = await ExistingAsync();
        var lookAlike = word + name[4..].Replace(" ", "  ");

        var problem = await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = lookAlike })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "look-alike-tag");

        problem.GetProperty("slug").GetString().ShouldBe(slug);
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ShouldBe(["name"]);
        problem.GetProperty("detail").GetString()!.ShouldContain(slug);
    }

    [Fact]
    public async Task Greek_And_Cyrillic_Look_Alikes_Of_Every_Letter_Are_Refused()
    {
        var (editor, name, _, slug) = await ExistingAsync("Kayak Opera");
        var suffix = name["Kayak Opera".Length..];
        // Cyrillic К, а, у, а, к; Greek Ο, ρ (drawn as p), ε; Cyrillic а.
        var lookAlike = "\u041A\u0430\u0443\u0430\u043A \u039F\u03C1\u03B5r\u0430" + suffix;

        var problem = await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = lookAlike })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "look-alike-tag");
        problem.GetProperty("slug").GetString().ShouldBe(slug);
    }

    [Fact]
    public async Task A_Name_That_Differs_Other_Than_In_Looks_Is_A_New_Tag()
    {
        var (editor, name, _, _) = await ExistingAsync();

        (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = name + "!" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = "Cena" + name[4..] })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Renaming_A_Tag_To_A_Look_Alike_Of_Another_Returns_409_And_Keeping_Its_Own_Name_Does_Not()
    {
        var (editor, name, _, slug) = await ExistingAsync();
        var other = await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"Altro {Guid.NewGuid():N}" });
        var url = other.Headers.Location!.ToString();

        var problem = await (await editor.Client.PutJsonAsync(url, new { name = "\u0421" + name[1..] }, other.ETag())).ShouldBeProblemAsync(HttpStatusCode.Conflict, "look-alike-tag");
        problem.GetProperty("slug").GetString().ShouldBe(slug);

        var own = (await other.JsonAsync()).GetProperty("name").GetString()!;
        (await editor.Client.PutJsonAsync(url, new { name = own.ToUpperInvariant(), description = "d" }, other.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_Article_Naming_A_Look_Alike_Tag_Gets_The_Existing_Tag()
    {
        var (editor, name, id, slug) = await ExistingAsync();
        var contributor = await api.CallerAsync(Role.Contributor);
        var body = Requests.Article(contributor.AuthorId!.Value.ToString())
            .With("tags", new[] { "\u0421" + name[1..], "ci\u200Bna" + name[4..], name.ToUpperInvariant() });

        var (article, _, _) = await contributor.CreateArticleAsync(body);

        var tags = article.GetProperty("tags").EnumerateArray().ToList();
        tags.Count.ShouldBe(1);
        tags[0].GetProperty("id").GetString().ShouldBe(id);
        tags[0].GetProperty("slug").GetString().ShouldBe(slug);
        var all = await (await editor.Client.GetAsync($"/api/v1/tags/{slug}", _ct)).JsonAsync();
        all.GetProperty("name").GetString().ShouldBe(name);
    }

    [Fact]
    public async Task Two_New_Look_Alike_Names_In_One_Article_Make_One_Tag()
    {
        var contributor = await api.CallerAsync(Role.Contributor);
        var name = $"Nuovo {Guid.NewGuid().ToString("N")[..8]}";
        var body = Requests.Article(contributor.AuthorId!.Value.ToString()).With("tags", new[] { name, "N\u03C5\u043Evo" + name[5..].ToUpperInvariant() });

        var (article, _, _) = await contributor.CreateArticleAsync(body);

        var tags = article.GetProperty("tags").EnumerateArray().ToList();
        tags.Count.ShouldBe(1);
        tags[0].GetProperty("name").GetString().ShouldBe(name);
    }

    [Fact]
    public async Task Concurrent_Look_Alike_Tags_Make_One_Tag_And_Answer_409_To_The_Others()
    {
        var editor = await api.EditorAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string[] names = [$"Parallelo {suffix}", $"PARALLELO {suffix}", $"\u0420arallelo {suffix}", $"Par\u0430llelo {suffix}",
            $"Parallel\u043E {suffix}", $"Parallelo  {suffix}", $"P\u00E0rallelo {suffix}", $"\uFF30arallelo {suffix}"];

        var answers = await Task.WhenAll(names.Select(name => editor.Client.PostJsonAsync("/api/v1/tags", new { name })));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }
}
