using System.Net;
using System.Text;
using ArticlesApi.Tests.Infrastructure;
using ArticlesApi.Tests.Infrastructure.Contract;

namespace ArticlesApi.Tests.Features.Foundation;

/// The check that every other test's answers go through: it must catch what it is there to catch.
public sealed class ContractCheckTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static HttpResponseMessage Answer(HttpStatusCode status, string body = "", string mediaType = "application/json") => new(status)
    {
        Content = new StringContent(body, Encoding.UTF8, mediaType),
    };

    [Fact]
    public async Task An_Undocumented_Status_Is_A_Violation()
    {
        var contract = await api.ContractAsync();
        var violations = contract.Check(HttpMethod.Get, "/api/v1/tags", Answer(HttpStatusCode.InternalServerError, "{}", "application/problem+json"), "{}");
        violations.ShouldHaveSingleItem().ShouldContain("500");
    }

    [Fact]
    public async Task A_Body_That_Does_Not_Match_The_Schema_Is_A_Violation()
    {
        var contract = await api.ContractAsync();
        const string body = """{"data":[{"id":"not-a-uuid","name":"x"}],"meta":{"limit":"twenty"}}""";
        var violations = contract.Check(HttpMethod.Get, "/api/v1/tags", Answer(HttpStatusCode.OK, body), body);
        violations.ShouldNotBeEmpty();
        violations.ShouldContain(v => v.Contains("TagsList"));
    }

    [Fact]
    public async Task A_Problem_Without_Detail_Is_A_Violation()
    {
        var contract = await api.ContractAsync();
        const string body = """{"type":"https://articles-api.dev/problems/not-found","code":"not-found","title":"Not found","status":404}""";
        var violations = contract.Check(HttpMethod.Get, "/api/v1/tags/x", Answer(HttpStatusCode.NotFound, body, "application/problem+json"), body);
        violations.ShouldHaveSingleItem().ShouldContain("detail");
    }

    [Fact]
    public async Task A_Problem_Of_An_Undocumented_Kind_Is_A_Violation()
    {
        var contract = await api.ContractAsync();
        const string body = """{"type":"about:blank","code":"conflict","title":"Not Found","status":404,"detail":"d"}""";
        var violations = contract.Check(HttpMethod.Get, "/api/v1/tags/x", Answer(HttpStatusCode.NotFound, body, "application/problem+json"), body);
        violations.Count.ShouldBe(2, string.Join("\n", violations));
    }

    [Fact]
    public async Task An_Undocumented_Path_May_Only_Answer_404_Or_405_Problems()
    {
        var contract = await api.ContractAsync();
        contract.Check(HttpMethod.Get, "/api/v1/nothing-here", Answer(HttpStatusCode.OK, "{}"), "{}").ShouldNotBeEmpty();
        var response = await api.CreateClient().GetAsync("/api/v1/nothing-here", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_Head_Is_Checked_Against_Its_Get_And_May_Have_No_Body()
    {
        var contract = await api.ContractAsync();
        contract.Check(HttpMethod.Head, "/api/v1/tags", Answer(HttpStatusCode.OK), "").ShouldBeEmpty();
        contract.Check(HttpMethod.Head, "/api/v1/tags", Answer(HttpStatusCode.OK, "{}"), "{}").ShouldHaveSingleItem().ShouldContain("body");
        contract.Check(HttpMethod.Head, "/api/v1/tags", Answer(HttpStatusCode.InternalServerError, "", "application/problem+json"), "")
            .ShouldHaveSingleItem().ShouldContain("500");
        contract.Check(HttpMethod.Head, "/api/v1/articles/x/publish", Answer(HttpStatusCode.OK), "").ShouldHaveSingleItem().ShouldContain("not in the document");
    }

    [Fact]
    public async Task The_Handler_Fails_The_Call_With_What_Is_Wrong()
    {
        using var client = new HttpClient(new ContractCheckingHandler(api.ContractAsync)
        {
            InnerHandler = new Stub(Answer(HttpStatusCode.InternalServerError, "oops", "text/plain")),
        });
        var e = await Should.ThrowAsync<ContractViolationException>(() =>
            client.GetAsync("http://localhost/api/v1/articles", TestContext.Current.CancellationToken));
        e.Message.ShouldContain("GET /api/v1/articles (ArticlesList) answered 500");
    }

    sealed class Stub(HttpResponseMessage response) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(response);
    }
}
