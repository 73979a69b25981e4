using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// Translation groups: `translationOf` on writes, `translations` on reads, one article per language in a group.
public sealed class TranslationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    async Task<(Caller Editor, JsonElement Italian, JsonElement English)> PairAsync()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var (italian, _, _) = await editor.CreateArticleAsync(Requests.Article(author));
        var (english, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("language", "en")
            .With("translationOf", italian.GetProperty("slug").GetString()));
        return (editor, italian, english);
    }

    static string[] TranslationSlugs(JsonElement article) =>
        [.. article.GetProperty("translations").EnumerateArray().Select(t => t.GetProperty("slug").GetString()!)];

    static string Id(JsonElement article) => article.GetProperty("id").GetString()!;

    [Fact]
    public async Task TranslationOf_Links_Both_Articles_And_Keys_Read_Every_Translation_With_Its_Status()
    {
        var (editor, italian, english) = await PairAsync();

        var italianNow = await (await editor.Client.GetAsync($"/api/v1/articles/{Id(italian)}", _ct)).JsonAsync();
        var translation = italianNow.GetProperty("translations").EnumerateArray().Single();
        translation.GetProperty("id").GetString().ShouldBe(Id(english));
        translation.GetProperty("language").GetString().ShouldBe("en");
        translation.GetProperty("title").GetString().ShouldBe(english.GetProperty("title").GetString());
        translation.GetProperty("status").GetString().ShouldBe("draft");
        TranslationSlugs(english).ShouldBe([italian.GetProperty("slug").GetString()!], "the write's answer carries the group too");
    }

    [Fact]
    public async Task Anonymous_Readers_See_Only_Published_Translations()
    {
        var (editor, italian, english) = await PairAsync();
        (await editor.Client.PostJsonAsync($"/api/v1/articles/{Id(italian)}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var anonymous = api.CreateClient();

        TranslationSlugs(await (await anonymous.GetAsync($"/api/v1/articles/{Id(italian)}", _ct)).JsonAsync()).ShouldBeEmpty();

        (await editor.Client.PostJsonAsync($"/api/v1/articles/{Id(english)}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var read = await (await anonymous.GetAsync($"/api/v1/articles/{Id(italian)}", _ct)).JsonAsync();
        TranslationSlugs(read).ShouldBe([english.GetProperty("slug").GetString()!]);
        read.GetProperty("translations")[0].GetProperty("status").GetString().ShouldBe("published");
    }

    [Fact]
    public async Task Each_Translation_Carries_Its_Public_Url_As_Its_Own_Read_Gives_It()
    {
        var (editor, italian, english) = await PairAsync();
        foreach (var id in new[] { Id(italian), Id(english) })
            (await editor.Client.PostJsonAsync($"/api/v1/articles/{id}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var anonymous = api.CreateClient();
        var italianNow = await (await anonymous.GetAsync($"/api/v1/articles/{Id(italian)}", _ct)).JsonAsync();
        var englishNow = await (await anonymous.GetAsync($"/api/v1/articles/{Id(english)}", _ct)).JsonAsync();

        var url = italianNow.GetProperty("translations").EnumerateArray().Single().GetProperty("url").GetString();
        url.ShouldBe(englishNow.GetProperty("url").GetString());
        url.ShouldEndWith($"/en/{english.GetProperty("slug").GetString()}");
        englishNow.GetProperty("translations")[0].GetProperty("url").GetString().ShouldBe(italianNow.GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_Second_Article_In_A_Language_The_Group_Has_Returns_409_Naming_Language_And_TranslationOf()
    {
        var (editor, italian, english) = await PairAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();

        var response = await editor.Client.PostJsonAsync("/api/v1/articles",
            Requests.Article(author).With("language", "en").With("translationOf", Id(italian)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "translation-language-taken");
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ShouldBe(["language", "translationOf"]);
        problem.GetProperty("slug").GetString().ShouldBe(english.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task A_Translation_In_The_Language_Of_The_Article_It_Translates_Returns_409()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var (italian, _, _) = await editor.CreateArticleAsync(Requests.Article(author));

        var response = await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author).With("translationOf", Id(italian)));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "translation-language-taken");
    }

    [Fact]
    public async Task Changing_The_Language_To_One_The_Group_Has_Returns_409_And_Changes_Nothing()
    {
        var (editor, italian, english) = await PairAsync();
        var current = await editor.Client.GetAsync($"/api/v1/articles/{Id(english)}", _ct);
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(await current.Content.ReadAsStringAsync(_ct))!;

        var response = await editor.Client.PutJsonAsync($"/api/v1/articles/{Id(english)}", body.With("language", "it"), current.ETag());

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "translation-language-taken");
        (await (await editor.Client.GetAsync($"/api/v1/articles/{Id(english)}", _ct)).JsonAsync()).GetProperty("language").GetString().ShouldBe("en");
    }

    [Fact]
    public async Task An_Article_As_A_Translation_Of_Itself_Returns_400_Naming_TranslationOf()
    {
        var (editor, _, english) = await PairAsync();
        var current = await editor.Client.GetAsync($"/api/v1/articles/{Id(english)}", _ct);
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(await current.Content.ReadAsStringAsync(_ct))!;

        await (await editor.Client.PutJsonAsync($"/api/v1/articles/{Id(english)}", body.With("translationOf", english.GetProperty("slug").GetString()),
            current.ETag())).ShouldBeValidationProblemAsync("translationOf");
    }

    [Fact]
    public async Task An_Unknown_Or_Unreadable_TranslationOf_Returns_400_Naming_It()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var (draft, _, _) = await editor.CreateArticleAsync(Requests.Article(author));
        var contributor = await api.CallerAsync(Role.Contributor);

        await (await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author).With("language", "en").With("translationOf", "no-such-article")))
            .ShouldBeValidationProblemAsync("translationOf");
        await (await contributor.Client.PostJsonAsync("/api/v1/articles",
                Requests.Article(contributor.AuthorId!.Value.ToString()).With("language", "en").With("translationOf", Id(draft))))
            .ShouldBeValidationProblemAsync("translationOf");
    }

    [Fact]
    public async Task A_Put_Without_TranslationOf_Keeps_The_Group_And_Null_Takes_The_Article_Out()
    {
        var (editor, italian, english) = await PairAsync();
        var url = $"/api/v1/articles/{Id(english)}";
        var current = await editor.Client.GetAsync(url, _ct);
        var asRead = JsonSerializer.Deserialize<Dictionary<string, object?>>(await current.Content.ReadAsStringAsync(_ct))!;

        var kept = await editor.Client.PutJsonAsync(url, asRead, current.ETag());
        kept.StatusCode.ShouldBe(HttpStatusCode.OK);
        TranslationSlugs(await kept.JsonAsync()).ShouldBe([italian.GetProperty("slug").GetString()!]);

        var left = await editor.Client.PutJsonAsync(url, asRead.With("translationOf", null), kept.ETag());
        left.StatusCode.ShouldBe(HttpStatusCode.OK);
        TranslationSlugs(await left.JsonAsync()).ShouldBeEmpty();
        TranslationSlugs(await (await editor.Client.GetAsync($"/api/v1/articles/{Id(italian)}", _ct)).JsonAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_TranslationOf_Filter_Lists_The_Other_Articles_Of_The_Group()
    {
        var (editor, italian, english) = await PairAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var (french, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("language", "fr").With("translationOf", Id(english)));

        var list = await (await editor.Client.GetAsync($"/api/v1/articles?status=any&translationOf={italian.GetProperty("slug").GetString()}", _ct)).JsonAsync();

        list.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ShouldBe([Id(english), Id(french)], ignoreOrder: true);
        (await (await api.CreateClient().GetAsync($"/api/v1/articles?translationOf={Id(italian)}", _ct)).JsonAsync())
            .GetProperty("data").GetArrayLength().ShouldBe(0, "drafts are nobody's translations to the public");
        await (await editor.Client.GetAsync("/api/v1/articles?translationOf=Not%20a%20slug", _ct)).ShouldBeValidationProblemAsync("translationOf");
    }

    [Fact]
    public async Task A_Trashed_Translation_Frees_Its_Language_And_Restoring_It_Into_A_Filled_Language_Returns_409()
    {
        var (editor, italian, english) = await PairAsync();
        var englishUrl = $"/api/v1/articles/{Id(english)}";
        var current = await editor.Client.GetAsync(englishUrl, _ct);
        (await editor.Client.DeleteAsync(englishUrl, current.ETag())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var (replacement, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("language", "en").With("translationOf", Id(italian)));

        var restored = await editor.Client.PostJsonAsync($"{englishUrl}/restore");

        await restored.ShouldBeProblemAsync(HttpStatusCode.Conflict, "translation-language-taken");
        TranslationSlugs(await (await editor.Client.GetAsync($"/api/v1/articles/{Id(italian)}", _ct)).JsonAsync())
            .ShouldBe([replacement.GetProperty("slug").GetString()!]);
    }

    [Fact]
    public async Task Translations_And_Localized_Tag_Names_Cost_A_Read_No_Sql_Command_Of_Their_Own()
    {
        var (editor, italian, english) = await PairAsync();
        foreach (var article in new[] { italian, english })
            (await editor.Client.PostJsonAsync($"/api/v1/articles/{Id(article)}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{english.GetProperty("slug").GetString()}");
        request.Headers.Add(SqlCommandCounter.Header, id);

        // The query path (the ready-made doc is one statement of its own: ReadyArticleTests).
        await using var host = api.WithWebHostBuilder(b => b.UseSetting(ArticlesApi.Features.Articles.Ready.ReadyArticles.EnabledSetting, "false"));
        // The site is read once per content generation, by a first read of the new host (another format: another cache entry).
        (await host.CreateClient().GetAsync($"/api/v1/articles/{english.GetProperty("slug").GetString()}?formats=text", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var read = await (await host.CreateClient().SendAsync(request, _ct)).JsonAsync();

        TranslationSlugs(read).ShouldBe([italian.GetProperty("slug").GetString()!]);
        host.Services.GetRequiredService<SqlCommandCounter>().CountFor(id).ShouldBe(5, "the article (with its translations), its authors, tags, citations and corrections");
    }

    [Fact]
    public async Task The_Database_Keeps_One_Article_Per_Language_In_A_Group_Whatever_The_Code_Checks()
    {
        var group = Guid.CreateVersion7();
        await using var db = api.Database.CreateContext();
        var first = Fakes.Article(status: ArticleStatus.Draft);
        var second = Fakes.Article(status: ArticleStatus.Draft);
        first.TranslationGroupId = second.TranslationGroupId = group;
        second.Language = first.Language;
        var author = Fakes.Author();
        db.Authors.Add(author);
        db.Articles.AddRange(first, second);

        var failure = await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(_ct));
        failure.InnerException!.Message.ShouldContain("ix_articles_translation_group_language");
    }
}
