using System.Net;
using Articles.List;
using ArticlesApi.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ArticlesApi.Tests.Features.Articles;

/// An API whose searches have 1 ms to find their rows, total and facets: every search runs out of it.
public sealed class TinySearchBudgetApi : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(SearchBudget.Setting, "1");
    }
}

/// A search over its budget (Search:BudgetMilliseconds) answers q's matches among the newest articles, flagged
/// `meta.incompleteResults`, its total an estimate and its facets approximate; within it, nothing changes.
public sealed class SearchBudgetTests(TinySearchBudgetApi api) : IClassFixture<TinySearchBudgetApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    async Task<(ArticleSummaryList Page, string Json)> ListAsync(string query)
    {
        var response = await _client.GetAsync($"/api/v1/articles?{query}", _ct);
        var json = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, json);
        return (await response.ReadAsync<ArticleSummaryList>(_ct), json);
    }

    [Fact]
    public async Task A_Search_Over_Its_Budget_Answers_The_Newest_Matches_Flagged_Incomplete_And_Its_Next_Page_Answers()
    {
        var data = new ArticleData(api);
        var matches = await data.AddAsync(Enumerable.Range(0, 3)
            .Select(i => Fakes.Article($"Bilancio {i}", markdown: "Il bilancio comunale è stato approvato.", publishedAt: DateTime.UtcNow.AddMinutes(-10 - i)))
            .ToList(), _ct);
        await data.AddAsync(Fakes.Article("Altro", markdown: "Nessuna notizia."), _ct);

        var (first, json) = await ListAsync($"tag={data.Tag.Slug}&q=bilancio&sort=-publishedAt&limit=2&total=true&facets=tag,language");
        var (second, secondJson) = await ListAsync(
            $"tag={data.Tag.Slug}&q=bilancio&sort=-publishedAt&limit=2&total=true&facets=tag,language&cursor={Uri.EscapeDataString(first.Meta.NextCursor!)}");

        json.ShouldContain("\"incompleteResults\":true");
        first.Meta.IncompleteResults.ShouldBe(true);
        first.Data.Select(x => x.Id).ShouldBe(matches.Take(2).Select(x => x.Id));
        first.Meta.TotalIsEstimate.ShouldBe(true);
        first.Meta.Total.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(2);
        first.Meta.FacetsApproximate.ShouldBe(true);
        first.Meta.Facets!.Tag!.Single(x => x.Slug == data.Tag.Slug).Count.ShouldBe(3);
        first.Meta.Facets.Language!.Single().Code.ShouldBe("it");
        second.Data.Select(x => x.Id).ShouldBe([matches[2].Id]);
        second.Meta.NextCursor.ShouldBeNull();
        secondJson.ShouldContain("\"incompleteResults\":true");
    }

    [Fact]
    public async Task A_List_Without_q_Has_No_Budget_And_No_Flag()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Fakes.Article("Bilancio"), _ct);

        var (page, json) = await ListAsync($"tag={data.Tag.Slug}&total=true");

        page.Data.Count.ShouldBe(1);
        page.Meta.Total.ShouldBe(1);
        json.ShouldNotContain("incompleteResults");
    }

    static SearchBudget Budget(int milliseconds, CancellationToken request) =>
        SearchBudget.Start(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { [SearchBudget.Setting] = milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Build(), true, request);

    [Fact]
    public async Task The_Requests_Own_Cancellation_Is_Not_The_Budget_Running_Out()
    {
        using var request = new CancellationTokenSource();
        using var budget = Budget(60_000, request.Token);
        using var spent = Budget(1, CancellationToken.None);
        await Task.Delay(50, _ct);

        request.Cancel();

        budget.Token.IsCancellationRequested.ShouldBeTrue("the request's cancellation still cancels the search's statements");
        budget.RanOut(new OperationCanceledException(budget.Token)).ShouldBeFalse();
        spent.RanOut(new OperationCanceledException(spent.Token)).ShouldBeTrue();
        spent.RanOut(new InvalidOperationException("wrapped", new PostgresException("canceling statement due to user request", "ERROR", "ERROR",
            PostgresErrorCodes.QueryCanceled))).ShouldBeTrue();
        spent.RanOut(new NpgsqlException("connection refused")).ShouldBeFalse("an outage is not the budget: it keeps its 503");
    }
}

/// Within the default budget a search is complete and says nothing of it.
public sealed class SearchWithinBudgetTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Normal_Search_Is_Not_Flagged_Incomplete()
    {
        var data = new ArticleData(api);
        await data.AddAsync([Fakes.Article("Bilancio", markdown: "Il bilancio comunale."), Fakes.Article("Bilancio due", markdown: "Il bilancio.")], _ct);

        var response = await api.CreateClient().GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&q=bilancio&total=true&facets=tag", _ct);
        var json = await response.Content.ReadAsStringAsync(_ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, json);
        json.ShouldNotContain("incompleteResults");
        (await response.ReadAsync<ArticleSummaryList>(_ct)).Data.Count.ShouldBe(2);
    }
}
