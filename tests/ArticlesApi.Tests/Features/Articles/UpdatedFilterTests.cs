using System.Globalization;
using System.Net;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// `updatedAfter` (inclusive) and `updatedBefore` (exclusive): an app's "changes since", public like `updatedAt`.
public sealed class UpdatedFilterTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    /// Three articles changed one second apart (t0, t0 + 1 s, t0 + 2 s), under the test's own tag.
    async Task<(ArticleData Data, DateTime[] At, Guid[] Ids)> ThreeChangesAsync()
    {
        var data = new ArticleData(api);
        var at = new DateTime[3];
        var ids = new Guid[3];
        for (var i = 0; i < 3; i++)
        {
            at[i] = api.Now;
            ids[i] = (await data.AddAsync(Fakes.Article(publishedAt: api.Now.AddHours(-5 + i)), _ct)).Id;
            api.Time.Advance(TimeSpan.FromSeconds(1));
        }
        return (data, at, ids);
    }

    static string Utc(DateTime instant) => Uri.EscapeDataString(instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

    async Task<Guid[]> IdsAsync(string query)
    {
        var response = await _client.GetAsync($"/api/v1/articles?{query}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return [.. (await response.ReadAsync<ListResponse<ArticleSummary>>(_ct)).Data.Select(a => a.Id)];
    }

    [Fact]
    public async Task UpdatedAfter_Is_Inclusive_And_UpdatedBefore_Exclusive()
    {
        var (data, at, ids) = await ThreeChangesAsync();
        var tag = $"tag={data.Tag.Slug}&sort=-updatedAt";

        (await IdsAsync($"{tag}&updatedAfter={Utc(at[1])}")).ShouldBe([ids[2], ids[1]]);
        (await IdsAsync($"{tag}&updatedAfter={Utc(at[1].AddTicks(10))}")).ShouldBe([ids[2]]);
        (await IdsAsync($"{tag}&updatedBefore={Utc(at[1])}")).ShouldBe([ids[0]]);
        (await IdsAsync($"{tag}&updatedAfter={Utc(at[0])}&updatedBefore={Utc(at[2])}")).ShouldBe([ids[1], ids[0]]);
        (await IdsAsync($"{tag}&updatedAfter={Utc(at[2].AddSeconds(1))}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task UpdatedAfter_Reads_An_Offset_And_Takes_Back_The_UpdatedAt_It_Was_Given()
    {
        var (data, at, ids) = await ThreeChangesAsync();
        var rome = Uri.EscapeDataString(new DateTimeOffset(at[1]).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        var list = await (await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&sort=-updatedAt", _ct)).JsonAsync();
        var updatedAt = list.GetProperty("data")[1].GetProperty("updatedAt").GetString()!;

        (await IdsAsync($"tag={data.Tag.Slug}&sort=-updatedAt&updatedAfter={rome}")).ShouldBe([ids[2], ids[1]]);
        (await IdsAsync($"tag={data.Tag.Slug}&sort=-updatedAt&updatedAfter={Uri.EscapeDataString(updatedAt)}")).ShouldBe([ids[2], ids[1]]);
    }

    [Fact]
    public async Task Changes_Since_Pages_With_A_Cursor_Bound_To_The_Range()
    {
        var (data, at, ids) = await ThreeChangesAsync();
        var query = $"tag={data.Tag.Slug}&updatedAfter={Utc(at[0])}&limit=2";
        var first = await _client.GetAsync($"/api/v1/articles?{query}", _ct);
        var page = await first.ReadAsync<ListResponse<ArticleSummary>>(_ct);
        var cursor = Uri.EscapeDataString(page.Meta.NextCursor!);

        first.Headers.GetValues("Link").Single().ShouldContain("updatedAfter=");
        (await IdsAsync($"{query}&cursor={cursor}")).ShouldBe([ids[0]]);
        await (await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&updatedAfter={Utc(at[1])}&limit=2&cursor={cursor}", _ct))
            .ShouldBeValidationProblemAsync("cursor");
        await (await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&limit=2&cursor={cursor}", _ct))
            .ShouldBeValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task A_Cursor_Without_The_Updated_Range_Stays_Valid_Without_It()
    {
        var (data, _, ids) = await ThreeChangesAsync();
        var page = await (await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&limit=2", _ct)).ReadAsync<ListResponse<ArticleSummary>>(_ct);

        (await IdsAsync($"tag={data.Tag.Slug}&limit=2&cursor={Uri.EscapeDataString(page.Meta.NextCursor!)}")).ShouldBe([ids[0]]);
    }

    [Theory]
    [InlineData("updatedAfter=2024-11-12", "updatedAfter")]
    [InlineData("updatedAfter=2024-11-12T09:30:00", "updatedAfter")]
    [InlineData("updatedAfter=2024-11-12T09:30Z", "updatedAfter")]
    [InlineData("updatedAfter=2024-11-12 09:30:00Z", "updatedAfter")]
    [InlineData("updatedAfter=2024-13-12T09:30:00Z", "updatedAfter")]
    [InlineData("updatedAfter=2024-11-12T09:30:00.12345678Z", "updatedAfter")]
    [InlineData("updatedAfter=0001-01-01T00:30:00%2B01:00", "updatedAfter")]
    [InlineData("updatedAfter=yesterday", "updatedAfter")]
    [InlineData("updatedBefore=1733000000", "updatedBefore")]
    [InlineData("updatedBefore=2024-11-12T09:30:00%2B0100", "updatedBefore")]
    [InlineData("updatedAfter=2024-11-12T09:30:00Z&updatedBefore=2024-11-12T09:30:00Z", "updatedBefore")]
    [InlineData("updatedAfter=2024-11-12T10:30:00Z&updatedBefore=2024-11-12T10:29:59%2B00:00", "updatedBefore")]
    [InlineData("updatedAfter=2024-11-12T10:30:00%2B01:00&updatedBefore=2024-11-12T09:30:00Z", "updatedBefore")]
    public async Task A_Bad_Updated_Range_Returns_400_Naming_It(string query, string parameter) =>
        await (await _client.GetAsync($"/api/v1/articles?{query}", _ct)).ShouldBeValidationProblemAsync(parameter);

    [Fact]
    public async Task The_Edges_Of_The_Calendar_Are_Not_500()
    {
        foreach (var query in new[] { "updatedAfter=0001-01-01T00:00:00Z", "updatedBefore=9999-12-31T23:59:59.9999999Z",
                     "updatedAfter=0001-01-01T00:00:00Z&updatedBefore=9999-12-31T23:59:59Z&sort=-updatedAt" })
            (await _client.GetAsync($"/api/v1/articles?{query}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK, query);
    }
}
