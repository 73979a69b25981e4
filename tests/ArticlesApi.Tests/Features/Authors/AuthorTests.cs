using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Features.Authors;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Features.Articles;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Authors;

public sealed class AuthorTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Get_By_Id_Or_Slug_Counts_Published_Articles_And_Hides_The_Email()
    {
        var data = new ArticleData(api);
        await data.AddAsync([Fakes.Article(), Fakes.Article(), Fakes.Article(status: ArticleStatus.Draft)], _ct);

        var bySlug = await _client.GetAsync($"/api/v1/authors/{data.Author.Slug}", _ct);
        var byId = await (await _client.GetAsync($"/api/v1/authors/{data.Author.Id}", _ct)).ReadAsync<AuthorResponse>(_ct);

        var json = await bySlug.Content.ReadAsStringAsync(_ct);
        json.ShouldNotContain("email", Case.Insensitive);
        JsonDocument.Parse(json).RootElement.GetProperty("articleCount").GetInt32().ShouldBe(2);
        byId.Slug.ShouldBe(data.Author.Slug);
        byId.Links.ShouldNotBeEmpty();
        (await _client.GetAsync("/api/v1/authors/nobody-at-all", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_Pages_By_Name_Without_Duplicates()
    {
        var prefix = $"Zeta {Guid.NewGuid():N}";
        await using (var db = api.Database.CreateContext())
        {
            db.Authors.AddRange(Enumerable.Range(0, 5).Select(i => Fakes.Author($"{prefix} {i}")));
            await db.SaveChangesAsync(_ct);
        }

        var names = new List<string>();
        var ids = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await _client.GetAsync("/api/v1/authors?limit=7" + (cursor is null ? "" : $"&cursor={cursor}"), _ct))
                .ReadAsync<ListResponse<AuthorResponse>>(_ct);
            names.AddRange(page.Data.Select(a => a.Name));
            ids.AddRange(page.Data.Select(a => a.Id));
            cursor = page.Meta.NextCursor;
        } while (cursor is not null && ++pages < 1000);

        // The class's other tests add authors with random names, and two may share one: no author twice.
        ids.ShouldBeUnique();
        names.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
        names.Where(n => n.StartsWith(prefix)).Count().ShouldBe(5);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=nope", "cursor")]
    [InlineData("total=yes", "total")]
    public async Task List_With_A_Bad_Parameter_Returns_400_Naming_It(string query, string parameter)
    {
        var response = await _client.GetAsync($"/api/v1/authors?{query}", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorNamesAsync(_ct)).ShouldBe([parameter]);
    }
}
