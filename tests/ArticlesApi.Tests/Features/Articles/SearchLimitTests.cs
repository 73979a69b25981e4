using System.Net;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// The limits that bound what one search costs (bench/studies/search-complexity-100k): each answers 400
/// naming q and the limit, before the search runs.
public sealed class SearchLimitTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _anonymous = api.CreateClient();

    Task<HttpResponseMessage> SearchAsync(string q, HttpClient? client = null) =>
        (client ?? _anonymous).GetAsync($"/api/v1/articles?q={Uri.EscapeDataString(q)}", _ct);

    static async Task ShouldNameQAsync(HttpResponseMessage response, string reason)
    {
        var problem = await response.ShouldBeValidationProblemAsync("q");
        problem.GetProperty("errors").EnumerateArray().Where(e => e.GetProperty("name").GetString() == "q")
            .Select(e => e.GetProperty("reason").GetString()).ShouldContain(r => r!.Contains(reason));
    }

    [Fact]
    public async Task Search_Longer_Than_100_Characters_Returns_400()
    {
        (await SearchAsync(new string('a', 100))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldNameQAsync(await SearchAsync(new string('a', 101)), "at most 100 characters");
    }

    [Fact]
    public async Task Search_With_Too_Many_Words_Returns_400()
    {
        (await SearchAsync("guerra in ucraina")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldNameQAsync(await SearchAsync("guerra in ucraina oggi"), "at most 3 words");
    }

    [Fact]
    public async Task Search_With_Too_Many_Or_Alternatives_Returns_400()
    {
        (await SearchAsync("kyiv or kiev or kijiv")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldNameQAsync(await SearchAsync("kyiv or or Or kiev"), "at most 2 `or`");
        await ShouldNameQAsync(await SearchAsync(string.Join(" OR ", Enumerable.Range(0, 12).Select(i => $"w{i}"))), "at most 3 words");
    }

    [Fact]
    public async Task Search_With_A_Phrase_Or_An_Exclusion_Without_A_Key_Returns_400()
    {
        foreach (var q in new[] { "\"il trattato\"", "trattato -ministro", "\"trattato", "-trattato", "a \"-b\"" })
            await ShouldNameQAsync(await SearchAsync(q), "only with an API key");

        // A hyphen inside a word joins it; it excludes nothing.
        (await SearchAsync("cessez-le-feu e-mail")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Search_With_A_Phrase_Or_An_Exclusion_With_A_Key_Is_Answered()
    {
        var editor = (await api.EditorAsync()).Client;

        (await SearchAsync("\"il trattato\" -ministro", editor)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Search_Whose_Words_Expand_Into_Too_Many_Terms_Returns_400()
    {
        // One word, under 100 characters, but each hyphenated part is a term in every language.
        var q = "alpha-beta-gamma-delta-epsilon-zeta-eta-theta-iota-kappa-lambda-omicron-sigma-omega-tau-rho-chi";

        await ShouldNameQAsync(await SearchAsync(q), "too many search terms");
        (await SearchAsync("co-operation agreements signed")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
