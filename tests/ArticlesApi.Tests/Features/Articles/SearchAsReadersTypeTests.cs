using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// Issue 18, "as readers type": the last word of q matches as a prefix (3 letters at least), and a search that finds
/// little suggests a corrected q from the words of published articles (meta.didYouMean).
public sealed class SearchAsReadersTypeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    async Task<ArticleSummaryList> SearchAsync(string q, string more = "", HttpClient? client = null)
    {
        var response = await (client ?? _client).GetAsync($"/api/v1/articles?q={Uri.EscapeDataString(q)}{more}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return await response.ReadAsync<ArticleSummaryList>(_ct);
    }

    Task<ArticleSummaryList> SearchAsync(ArticleData data, string q, string more = "", HttpClient? client = null) =>
        SearchAsync(q, $"&tag={data.Tag.Slug}{more}", client);

    [Fact]
    public async Task Italian_Last_Word_Finds_The_Words_It_Starts()
    {
        var data = new ArticleData(api);
        var sanctions = await data.AddAsync(Fakes.Article("Nuove sanzioni contro Mosca", markdown: "Il consiglio ha deciso ieri."), _ct);

        (await SearchAsync(data, "sanz")).Data.Select(a => a.Id).ShouldBe([sanctions.Id]);
        (await SearchAsync(data, "nuove sanz")).Data.Select(a => a.Id).ShouldBe([sanctions.Id]);
        (await SearchAsync(data, "sanz nuove")).Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task English_Prefix_Finds_Longer_Words_And_The_Exact_Word_Ranks_First()
    {
        var data = new ArticleData(api);
        var warnings = await data.AddAsync(Fakes.Article("Warnings in the north", language: "en", markdown: "Officials spoke."), _ct);
        var war = await data.AddAsync(Fakes.Article("War in the north", language: "en", markdown: "Officials spoke."), _ct);

        (await SearchAsync(data, "war")).Data.Select(a => a.Id).ShouldBe([war.Id, warnings.Id]);
        (await SearchAsync(data, "warn")).Data.Select(a => a.Id).ShouldBe([warnings.Id]);
    }

    [Fact]
    public async Task A_Last_Word_Of_One_Or_Two_Letters_Is_Not_A_Prefix()
    {
        var data = new ArticleData(api);
        var oil = await data.AddAsync(Fakes.Article("Oilfields reopen", language: "en", markdown: "Exports resume."), _ct);

        (await SearchAsync(data, "o")).Data.ShouldBeEmpty();
        (await SearchAsync(data, "oi")).Data.ShouldBeEmpty();
        (await SearchAsync(data, "oil")).Data.Select(a => a.Id).ShouldBe([oil.Id]);
    }

    [Fact]
    public async Task A_Quoted_Or_Excluded_Last_Word_Is_Not_A_Prefix()
    {
        var data = new ArticleData(api);
        var sanctions = await data.AddAsync(Fakes.Article("Sanzioni alla Russia", markdown: "Il consiglio decide."), _ct);
        var editor = (await api.EditorAsync()).Client;

        (await SearchAsync(data, "\"sanz\"", client: editor)).Data.ShouldBeEmpty();
        (await SearchAsync(data, "\"russia sanz\"", client: editor)).Data.ShouldBeEmpty();
        (await SearchAsync(data, "russia -sanz", client: editor)).Data.Select(a => a.Id).ShouldBe([sanctions.Id]);
        (await SearchAsync(data, "russia -sanzioni", client: editor)).Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_English_Typo_Gets_A_Correction_In_English()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Fakes.Article("New sanctions on exports", language: "en", markdown: "The council agreed."), _ct);

        var page = await SearchAsync("sanctoins", "&language=en");

        page.Data.ShouldBeEmpty();
        page.Meta.DidYouMean.ShouldBe("sanctions");
    }

    [Fact]
    public async Task An_Italian_Typo_Gets_A_Correction_In_Italian()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Fakes.Article("La ricostruzione del ponte", markdown: "I lavori sono iniziati."), _ct);

        var page = await SearchAsync("ponte ricostruzoine", "&language=it");

        page.Meta.DidYouMean.ShouldBe("ponte ricostruzione");
        (await SearchAsync("ricostruzoine", "&language=en")).Meta.DidYouMean.ShouldBeNull();
    }

    [Fact]
    public async Task A_Search_That_Finds_Plenty_Has_No_Correction()
    {
        var data = new ArticleData(api);
        foreach (var n in Enumerable.Range(1, DidYouMeanFewMatches))
            await data.AddAsync(Fakes.Article($"Embargo number {n}", language: "en", markdown: "Tariffs and embargoes."), _ct);

        // Nothing found: the unknown word is corrected; plenty found: it is not.
        var few = await SearchAsync(data, "tarrifs");
        var plenty = await SearchAsync(data, "embargo or embragos");

        few.Data.ShouldBeEmpty();
        few.Meta.DidYouMean.ShouldBe("tariffs");
        plenty.Data.Count.ShouldBe(DidYouMeanFewMatches);
        plenty.Meta.DidYouMean.ShouldBeNull();
    }

    [Fact]
    public async Task Words_Only_In_Drafts_Are_Never_Suggested_Until_Published()
    {
        var data = new ArticleData(api);
        var draft = await data.AddAsync(Fakes.Article("Zanzibarite discovered", language: "en", markdown: "A mineral.", status: ArticleStatus.Draft), _ct);

        (await SearchAsync("zanzibrite")).Meta.DidYouMean.ShouldBeNull();

        await using (var db = api.Database.CreateContext())
        {
            var stored = (await db.Articles.FindAsync([draft.Id], _ct))!;
            stored.Status = ArticleStatus.Published;
            stored.PublishedAt = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync(_ct);
        }
        (await SearchAsync("zanzibrite")).Meta.DidYouMean.ShouldBe("zanzibarite");

        await using (var db = api.Database.CreateContext())
        {
            (await db.Articles.FindAsync([draft.Id], _ct))!.Status = ArticleStatus.Draft;
            await db.SaveChangesAsync(_ct);
        }
        (await SearchAsync("zanzibrite")).Meta.DidYouMean.ShouldBeNull();
    }

    const int DidYouMeanFewMatches = 3;
}
