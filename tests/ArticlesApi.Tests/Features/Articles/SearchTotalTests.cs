using System.Net;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ArticlesApi.Tests.Features.Articles;

/// An API that counts at most 5 matches exactly (10,000 by default), so a handful of articles is "too many to count".
public sealed class SmallExactTotalApi : ApiFactory
{
    public const int ExactUpTo = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Search:ExactTotalUpTo", ExactUpTo.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class SearchTotalTests(SmallExactTotalApi api) : IClassFixture<SmallExactTotalApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    async Task<(ArticleSummaryList Page, string Json)> SearchAsync(ArticleData data, string q, string more = "")
    {
        var response = await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&q={Uri.EscapeDataString(q)}{more}", _ct);
        var json = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, json);
        return (await response.ReadAsync<ArticleSummaryList>(_ct), json);
    }

    [Fact]
    public async Task Search_Total_Beyond_The_Exact_Count_Is_An_Estimate_Flagged_In_Meta()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Enumerable.Range(0, SmallExactTotalApi.ExactUpTo + 3)
            .Select(i => Fakes.Article($"Bilancio {i}", markdown: "Il bilancio comunale è stato approvato.")).ToList(), _ct);

        var (page, json) = await SearchAsync(data, "bilancio", "&total=true&limit=2");

        page.Meta.TotalIsEstimate.ShouldBe(true);
        page.Meta.Total!.Value.ShouldBeGreaterThan(SmallExactTotalApi.ExactUpTo);
        page.Data.Count.ShouldBe(2);
        json.ShouldContain("\"totalIsEstimate\":true");
    }

    [Fact]
    public async Task Search_Total_Within_The_Exact_Count_Is_Exact_And_Not_Flagged()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Enumerable.Range(0, SmallExactTotalApi.ExactUpTo)
            .Select(i => Fakes.Article($"Mercati {i}", markdown: "I mercati sono in calo.")).ToList(), _ct);
        await data.AddAsync(Fakes.Article("Altro", markdown: "Nessuna notizia."), _ct);

        var (page, json) = await SearchAsync(data, "mercati", "&total=true");
        var (unsearched, unsearchedJson) = await SearchAsync(data, "nessuna", "&total=true");

        page.Meta.Total.ShouldBe(SmallExactTotalApi.ExactUpTo);
        page.Meta.TotalIsEstimate.ShouldBeNull();
        json.ShouldNotContain("totalIsEstimate");
        unsearched.Meta.Total.ShouldBe(1);
        unsearchedJson.ShouldNotContain("totalIsEstimate");
    }
}
