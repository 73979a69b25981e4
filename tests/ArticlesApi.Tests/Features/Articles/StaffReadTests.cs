using System.Net;
using System.Net.Http.Headers;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// Keys that may see unpublished articles read them through the same endpoints as the public.
public sealed class StaffReadTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    async Task<(ArticleData Data, Article Draft, Article Scheduled, Article Published, Article Trashed)> NewsroomAsync()
    {
        var data = new ArticleData(api);
        var draft = await data.AddAsync(Fakes.Article(status: ArticleStatus.Draft), _ct);
        var scheduled = await data.AddAsync(Fakes.Article(status: ArticleStatus.Scheduled, publishedAt: DateTime.UtcNow.AddDays(1)), _ct);
        var published = await data.AddAsync(Fakes.Article(publishedAt: DateTime.UtcNow.AddHours(-2)), _ct);
        var trashed = Fakes.Article(status: ArticleStatus.Draft);
        trashed.DeletedAt = DateTime.UtcNow;
        await data.AddAsync(trashed, _ct);
        return (data, draft, scheduled, published, trashed);
    }

    async Task<string[]> SlugsAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/articles?{query}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.ReadAsync<ListResponse<ArticleSummary>>(_ct)).Data.Select(a => a.Slug).ToArray();
    }

    [Fact]
    public async Task Editor_Reads_Drafts_And_Scheduled_By_Slug_That_Anonymous_Callers_Cannot_See()
    {
        var (_, draft, scheduled, _, trashed) = await NewsroomAsync();
        var editor = await api.EditorAsync();
        var anonymous = api.CreateClient();

        foreach (var article in new[] { draft, scheduled })
        {
            (await anonymous.GetAsync($"/api/v1/articles/{article.Slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            var response = await editor.Client.GetAsync($"/api/v1/articles/{article.Slug}", _ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.ReadAsync<ArticleResponse>(_ct)).Status.ShouldBe(article.Status);
            response.Headers.CacheControl!.Private.ShouldBeTrue("an unpublished article must never sit in a shared cache");
        }
        (await editor.Client.GetAsync($"/api/v1/articles/{trashed.Slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Author_Reads_Own_Drafts_But_Not_Other_Authors_Drafts()
    {
        var (data, draft, _, _, _) = await NewsroomAsync();
        var owner = await api.CallerAsync(Role.Author, data.Author.Id);
        var other = await api.CallerAsync(Role.Contributor);

        (await owner.Client.GetAsync($"/api/v1/articles/{draft.Slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.Client.GetAsync($"/api/v1/articles/{draft.Slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await SlugsAsync(owner.Client, $"tag={data.Tag.Slug}&status=draft")).ShouldBe([draft.Slug]);
        (await SlugsAsync(other.Client, $"tag={data.Tag.Slug}&status=draft")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Status_Filter_Selects_What_Readers_See_And_Defaults_To_Published()
    {
        var (data, draft, scheduled, published, _) = await NewsroomAsync();
        var editor = await api.EditorAsync();
        var tag = $"tag={data.Tag.Slug}";

        (await SlugsAsync(editor.Client, tag)).ShouldBe([published.Slug]);
        (await SlugsAsync(editor.Client, $"{tag}&status=draft")).ShouldBe([draft.Slug]);
        (await SlugsAsync(editor.Client, $"{tag}&status=scheduled")).ShouldBe([scheduled.Slug]);
        (await SlugsAsync(editor.Client, $"{tag}&status=draft,published")).ShouldBe([published.Slug, draft.Slug], ignoreOrder: true);
        (await SlugsAsync(editor.Client, $"{tag}&status=any")).Length.ShouldBe(3, "the trash is never listed");
    }

    [Fact]
    public async Task Paging_Through_Drafts_Without_Dates_Sees_Each_Article_Once()
    {
        var data = new ArticleData(api);
        var drafts = await data.AddAsync(Enumerable.Range(0, 7).Select(_ => Fakes.Article(status: ArticleStatus.Draft)).ToList(), _ct);
        await data.AddPublishedAsync(4, _ct);
        var editor = await api.EditorAsync();

        var seen = new List<string>();
        string? url = $"/api/v1/articles?tag={data.Tag.Slug}&status=any&limit=3";
        while (url is not null)
        {
            var page = await (await editor.Client.GetAsync(url, _ct)).ReadAsync<ListResponse<ArticleSummary>>(_ct);
            seen.AddRange(page.Data.Select(a => a.Slug));
            url = page.Meta.NextCursor is { } cursor
                ? $"/api/v1/articles?tag={data.Tag.Slug}&status=any&limit=3&cursor={Uri.EscapeDataString(cursor)}"
                : null;
        }

        seen.Count.ShouldBe(11);
        seen.Distinct().Count().ShouldBe(11);
        drafts.Select(d => d.Slug).ShouldBeSubsetOf(seen);
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("any")]
    [InlineData("scheduled,published")]
    public async Task Anonymous_Status_Filter_For_Unpublished_Returns_400(string status)
    {
        var response = await api.CreateClient().GetAsync($"/api/v1/articles?status={status}", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorNamesAsync(_ct)).ShouldContain("status");
    }

    [Theory]
    [InlineData("deleted")]
    [InlineData("Draft")]
    [InlineData("published,")]
    public async Task Unknown_Status_Returns_400(string status)
    {
        var editor = await api.EditorAsync();
        var response = await editor.Client.GetAsync($"/api/v1/articles?status={status}", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorNamesAsync(_ct)).ShouldContain("status");
    }

    [Theory]
    [InlineData("Bearer ak_not_a_real_key_at_all_000000000000000000000")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    public async Task A_Bad_Key_On_A_Public_Read_Returns_401_Instead_Of_Reading_Anonymously(string authorization)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.GetAsync("/api/v1/articles", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.WwwAuthenticate.ShouldContain(new AuthenticationHeaderValue("Bearer"));
    }

    [Fact]
    public async Task A_Revoked_Key_Cannot_Read_Drafts_Any_More()
    {
        var (_, draft, _, _, _) = await NewsroomAsync();
        var editor = await api.EditorAsync();
        (await editor.Client.GetAsync($"/api/v1/articles/{draft.Slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var db = api.Database.CreateContext())
        {
            var key = await db.ApiKeys.FindAsync([editor.KeyId], _ct);
            key!.RevokedAt = DateTime.UtcNow;
            await db.SaveChangesAsync(_ct);
        }

        (await editor.Client.GetAsync($"/api/v1/articles/{draft.Slug}", _ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Not_Found_Is_A_Problem_Document()
    {
        var response = await api.CreateClient().GetAsync("/api/v1/articles/no-such-article-anywhere", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct)).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(404);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
    }
}
