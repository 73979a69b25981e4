using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// meta.didYouMean suggests only a q that finds an article the caller may see at that moment: the words table is fed
/// by every article stored as published, scheduled ones too (docs/decisions/0033).
public sealed class DidYouMeanVisibilityTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    async Task<string?> DidYouMeanAsync(string q, string more = "", HttpClient? client = null)
    {
        var response = await (client ?? _client).GetAsync($"/api/v1/articles?q={Uri.EscapeDataString(q)}&language=en{more}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return (await response.ReadAsync<ArticleSummaryList>(_ct)).Meta.DidYouMean;
    }

    static Article English(string title, ArticleStatus status = ArticleStatus.Published, DateTime? publishedAt = null) =>
        Fakes.Article(title, language: "en", markdown: "Officials said little.", status: status, publishedAt: publishedAt);

    /// Stored `scheduled` (POST …/publish with a future time) or `published` with a future publishedAt (imports,
    /// bench data): either way not public before its time, and suggested from then on without waiting for any job.
    [Theory]
    [InlineData(ArticleStatus.Scheduled, "quarzonite")]
    [InlineData(ArticleStatus.Published, "velmarothic")]
    public async Task A_Word_Only_In_A_Scheduled_Article_Is_Suggested_Only_Once_It_Is_Due(ArticleStatus stored, string word)
    {
        var data = new ArticleData(api);
        await data.AddAsync(English($"{word} merger announced", stored, api.Now.AddHours(2)), _ct);
        var typo = word[..^1];

        (await DidYouMeanAsync(typo)).ShouldBeNull();
        // Known to the table only through the embargoed article: treated as unknown, not as a word that exists.
        (await DidYouMeanAsync(word)).ShouldBeNull();

        api.Time.Advance(TimeSpan.FromHours(3));

        (await DidYouMeanAsync(typo)).ShouldBe(word);
    }

    [Fact]
    public async Task A_Key_That_Lists_Scheduled_Articles_Gets_Their_Words()
    {
        var data = new ArticleData(api);
        await data.AddAsync(English("Brimvessel sale planned", ArticleStatus.Scheduled, api.Now.AddDays(2)), _ct);
        var editor = (await api.EditorAsync()).Client;

        (await DidYouMeanAsync("brimvesel", client: editor)).ShouldBeNull();
        (await DidYouMeanAsync("brimvesel", "&status=published,scheduled", editor)).ShouldBe("brimvessel");
    }

    [Fact]
    public async Task Words_Only_In_Taken_Down_Trashed_Or_Draft_Articles_Are_Never_Suggested()
    {
        var data = new ArticleData(api);
        var takenDown = await data.AddAsync(English("Glimmerfold inquiry"), _ct);
        var trashed = await data.AddAsync(English("Plovdarine recall"), _ct);
        await data.AddAsync(English("Crestolinary award", status: ArticleStatus.Draft), _ct);
        (await DidYouMeanAsync("glimerfold")).ShouldBe("glimmerfold");
        (await DidYouMeanAsync("plovdarin")).ShouldBe("plovdarine");

        await using (var db = api.Database.CreateContext())
        {
            (await db.Articles.FindAsync([takenDown.Id], _ct))!.Status = ArticleStatus.TakenDown;
            (await db.Articles.FindAsync([trashed.Id], _ct))!.DeletedAt = api.Now;
            await db.SaveChangesAsync(_ct);
        }

        (await DidYouMeanAsync("glimerfold")).ShouldBeNull();
        (await DidYouMeanAsync("plovdarin")).ShouldBeNull();
        (await DidYouMeanAsync("crestolinar")).ShouldBeNull();
        var editor = (await api.EditorAsync()).Client;
        (await DidYouMeanAsync("crestolinar", "&status=any", editor)).ShouldBeNull();
    }

    [Fact]
    public async Task A_Correction_That_Would_Find_Nothing_In_The_List_Is_Not_Suggested()
    {
        var data = new ArticleData(api);
        var other = new ArticleData(api);
        await other.AddAsync(English("Harbourmaster resigns"), _ct);

        (await DidYouMeanAsync("harbormaster")).ShouldBe("harbourmaster");
        (await DidYouMeanAsync("harbormaster", $"&tag={data.Tag.Slug}")).ShouldBeNull();
    }
}
