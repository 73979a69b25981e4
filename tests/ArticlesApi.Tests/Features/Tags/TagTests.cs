using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Features.Tags;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Features.Articles;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Tags;

public sealed class TagTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Get_Counts_Only_Visible_Articles()
    {
        var data = new ArticleData(api);
        var trashed = Fakes.Article();
        trashed.DeletedAt = DateTime.UtcNow;
        await data.AddAsync([Fakes.Article(), trashed, Fakes.Article(status: ArticleStatus.Scheduled, publishedAt: DateTime.UtcNow.AddDays(1))], _ct);

        var tag = await (await _client.GetAsync($"/api/v1/tags/{data.Tag.Slug}", _ct)).ReadAsync<TagResponse>(_ct);

        tag.Id.ShouldBe(data.Tag.Id);
        tag.ArticleCount.ShouldBe(1);
        (await _client.GetAsync($"/api/v1/tags/{Guid.NewGuid()}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_Is_Sorted_By_Name_With_A_Next_Link_And_Total()
    {
        await using (var db = api.Database.CreateContext())
        {
            db.Tags.AddRange(Fakes.Tag("aaa"), Fakes.Tag("aab"), Fakes.Tag("aac"));
            await db.SaveChangesAsync(_ct);
        }

        // Tags that no published article carries: listed to keys only (TagVisibilityTests).
        var client = (await api.EditorAsync()).Client;
        var response = await client.GetAsync("/api/v1/tags?limit=2&total=true", _ct);
        var page = await response.ReadAsync<ListResponse<TagResponse>>(_ct);

        page.Data.Count.ShouldBe(2);
        page.Meta.Total!.Value.ShouldBeGreaterThanOrEqualTo(3);
        response.Headers.GetValues("Link").Single().ShouldContain($"cursor={page.Meta.NextCursor}");
        var next = await (await client.GetAsync($"/api/v1/tags?limit=2&cursor={page.Meta.NextCursor}", _ct)).ReadAsync<ListResponse<TagResponse>>(_ct);
        string.CompareOrdinal(next.Data[0].Name, page.Data[1].Name).ShouldBeGreaterThanOrEqualTo(0);
        next.Data.Select(t => t.Id).ShouldNotContain(page.Data[1].Id);
    }

    [Fact]
    public async Task A_Tags_Cursor_Is_Rejected_By_The_Authors_List()
    {
        await using (var db = api.Database.CreateContext())
        {
            db.Tags.AddRange(Fakes.Tag(), Fakes.Tag());
            await db.SaveChangesAsync(_ct);
        }
        var cursor = (await (await (await api.EditorAsync()).Client.GetAsync("/api/v1/tags?limit=1", _ct)).ReadAsync<ListResponse<TagResponse>>(_ct)).Meta.NextCursor;

        (await _client.GetAsync($"/api/v1/authors?cursor={cursor}", _ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_Answers_304_When_The_ETag_Matches()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Fakes.Article(), _ct);
        var first = await _client.GetAsync($"/api/v1/tags/{data.Tag.Slug}", _ct);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tags/{data.Tag.Slug}");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        (await _client.SendAsync(conditional, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }
}
