using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Features.Sources;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Sources;

public sealed class SourceTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_Sources_Articles_Are_The_Source_Filter_Of_The_Article_List()
    {
        var data = new ArticleData(api);
        var source = Fakes.Source(SourceKind.Intelligence);
        var citing = Fakes.Article();
        // Cited twice by one article: still one article.
        citing.Citations.AddRange([
            new Citation { Source = source, Claim = "Truppe al confine", Position = 0 },
            new Citation { Source = source, Claim = "Movimenti notturni", Position = 1 },
        ]);
        var draft = Fakes.Article(status: ArticleStatus.Draft);
        draft.Citations.Add(new Citation { SourceId = source.Id, Claim = "Bozza", Position = 0 });
        await data.AddAsync(citing, _ct);
        await data.AddAsync(draft, _ct);

        var found = await (await _client.GetAsync($"/api/v1/sources/{source.Slug}", _ct)).ReadAsync<SourceResponse>(_ct);
        var articles = await (await _client.GetAsync($"/api/v1/articles?source={source.Slug}", _ct)).ReadAsync<ListResponse<ArticleSummary>>(_ct);

        found.Kind.ShouldBe(SourceKind.Intelligence);
        found.ArticleCount.ShouldBe(1);
        articles.Data.Select(a => a.Id).ShouldBe([citing.Id]);
    }

    [Fact]
    public async Task A_Citations_Source_Summary_Carries_The_Sources_Kind_Page_And_Website()
    {
        var data = new ArticleData(api);
        var agency = Fakes.Source(SourceKind.Agency);
        var unlinked = Fakes.Source(SourceKind.Person);
        unlinked.WebsiteUrl = null;
        var article = Fakes.Article();
        article.Citations.AddRange([
            new Citation { Source = agency, Claim = "Truppe al confine", Url = "https://example.org/dispaccio", Position = 0 },
            new Citation { Source = unlinked, Claim = "Movimenti notturni", Position = 1 },
        ]);
        await data.AddAsync(article, _ct);

        var read = await (await _client.GetAsync($"/api/v1/articles/{article.Slug}", _ct)).JsonAsync();
        var site = (await (await _client.GetAsync("/api/v1/site", _ct)).JsonAsync()).GetProperty("url").GetString();

        var cited = read.GetProperty("citations")[0];
        cited.GetProperty("url").GetString().ShouldBe("https://example.org/dispaccio", "the citation's url is the cited document");
        cited.GetProperty("source").GetProperty("url").GetString().ShouldBe($"{site}/sources/{agency.Slug}");
        cited.GetProperty("source").GetProperty("websiteUrl").GetString().ShouldBe(agency.WebsiteUrl);
        cited.GetProperty("source").GetProperty("kind").GetString().ShouldBe("agency");
        read.GetProperty("citations")[1].GetProperty("source").GetProperty("websiteUrl").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        read.GetProperty("citations")[1].GetProperty("source").GetProperty("url").GetString().ShouldBe($"{site}/sources/{unlinked.Slug}");
        read.GetProperty("citationsBySource")[0].GetProperty("source").GetProperty("websiteUrl").GetString().ShouldBe(agency.WebsiteUrl);
        read.GetProperty("citationsBySource")[0].GetProperty("source").GetProperty("url").GetString().ShouldBe($"{site}/sources/{agency.Slug}");
    }

    [Fact]
    public async Task List_Costs_The_Same_Number_Of_Sql_Commands_Whatever_The_Page_Size()
    {
        await using (var db = api.Database.CreateContext())
        {
            db.Sources.AddRange(Enumerable.Range(0, 12).Select(_ => Fakes.Source()));
            await db.SaveChangesAsync(_ct);
        }
        // Those writes bypass the API: the ready-made worker renders the sources and announces it, and the poller sees
        // their content changes, each advancing the content generation, at their own time; one of them landing between
        // the reads below made the site be read again (a third command). Both are run to the end here.
        await api.SettleBackgroundWorkAsync(_ct);

        // A first read loads the site (for `url`) after those writes; the counted reads find it known.
        await CountSqlAsync("/api/v1/sources?limit=1");
        var small = await CountSqlAsync("/api/v1/sources?limit=2");
        var large = await CountSqlAsync("/api/v1/sources?limit=12");

        small.ShouldBe(1, "the ready-made page with its counts, in one statement (ReadyNamedLists)");
        large.ShouldBe(small);
        var byCount = await CountSqlAsync("/api/v1/sources?limit=2&sort=-articleCount");
        byCount.ShouldBe(1, "by count too, the ready-made page in one statement while no scheduled article is due (ReadyNamedLists)");
        (await CountSqlAsync("/api/v1/sources?limit=12&sort=-articleCount")).ShouldBe(byCount);
    }

    async Task<int> CountSqlAsync(string url)
    {
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(SqlCommandCounter.Header, id);
        (await _client.SendAsync(request, _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return api.Services.GetRequiredService<SqlCommandCounter>().CountFor(id);
    }
}
