using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Following;

/// Preview links (POST/DELETE /articles/{idOrSlug}/preview, GET …?preview=): the article as it is now whatever its
/// status, bound to that article, expiring by the application's clock, replaced by a new link, never cached.
public sealed class PreviewLinkTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    async Task<(Infrastructure.Caller Author, string Id, string Url)> DraftAsync()
    {
        var author = await api.CallerAsync(Role.Author);
        var (article, _, url) = await author.CreateArticleAsync();
        return (author, article.GetProperty("id").GetString()!, url);
    }

    static async Task<(string Token, string Url, DateTime ExpiresAt)> PreviewAsync(Infrastructure.Caller caller, string articleUrl, object? body = null)
    {
        var response = await caller.Client.PostJsonAsync($"{articleUrl}/preview", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe($"{articleUrl}/preview");
        var json = await response.JsonAsync();
        return (json.GetProperty("token").GetString()!, json.GetProperty("url").GetString()!, json.GetProperty("expiresAt").GetDateTime());
    }

    async Task<(HttpResponseMessage Response, int Sql)> ReadAsync(string url)
    {
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(SqlCommandCounter.Header, id);
        var response = await api.CreateClient().SendAsync(request, _ct);
        await response.Content.LoadIntoBufferAsync(_ct);
        return (response, api.Services.GetRequiredService<SqlCommandCounter>().CountFor(id));
    }

    [Fact]
    public async Task A_Preview_Link_Shows_A_Draft_As_It_Is_Now_Privately_And_Never_From_The_Cache()
    {
        var (author, id, url) = await DraftAsync();
        var (token, link, expiresAt) = await PreviewAsync(author, url);
        (await api.CreateClient().GetAsync(url, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var (first, _) = await ReadAsync(link);
        var (second, sql) = await ReadAsync(link);

        link.ShouldBe($"/api/v1/articles/{id}?preview={token}");
        token.ShouldStartWith("pv_");
        expiresAt.ShouldBe(api.Now.AddDays(7), TimeSpan.FromSeconds(1));
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.JsonAsync()).GetProperty("status").GetString().ShouldBe("draft");
        first.Headers.CacheControl!.Private.ShouldBeTrue();
        first.Headers.CacheControl.NoStore.ShouldBeTrue();
        first.Headers.CacheControl.MaxAge.ShouldBeNull();
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        sql.ShouldBeGreaterThan(0, "a preview is never answered from the response cache");
        second.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task A_Preview_Link_Shows_The_Latest_Edit_By_Slug_Too()
    {
        var (author, _, url) = await DraftAsync();
        var (token, _, _) = await PreviewAsync(author, url);
        var current = await author.Client.GetAsync(url, _ct);
        var edited = JsonSerializer.Deserialize<Dictionary<string, object?>>(await current.Content.ReadAsStringAsync(_ct))!;
        edited["title"] = "Edited after the link was made";
        (await author.Client.PutJsonAsync(url, edited, current.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var slug = (await (await author.Client.GetAsync(url, _ct)).JsonAsync()).GetProperty("slug").GetString();

        var preview = await api.CreateClient().GetAsync($"/api/v1/articles/{slug}?preview={token}", _ct);

        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await preview.JsonAsync()).GetProperty("title").GetString().ShouldBe("Edited after the link was made");
    }

    [Fact]
    public async Task A_Token_For_One_Article_Answers_404_On_Another_Like_An_Unknown_Token()
    {
        var (author, _, url) = await DraftAsync();
        var (_, _, other) = await author.CreateArticleAsync();
        var (token, _, _) = await PreviewAsync(author, url);
        var (published, _, publishedUrl) = await author.CreateArticleAsync();
        (await author.Client.PostJsonAsync($"{publishedUrl}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var publishedId = published.GetProperty("id").GetString();

        var onOther = await api.CreateClient().GetAsync($"{other}?preview={token}", _ct);
        var unknown = await api.CreateClient().GetAsync($"{url}?preview=pv_{new string('x', 43)}", _ct);
        var onPublished = await api.CreateClient().GetAsync($"/api/v1/articles/{publishedId}?preview={token}", _ct);

        var notFound = await onOther.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var unknownProblem = await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await onPublished.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        notFound.GetProperty("title").GetString().ShouldBe(unknownProblem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_Preview_Link_Stops_Working_When_It_Expires()
    {
        var (author, _, url) = await DraftAsync();
        var (_, link, expiresAt) = await PreviewAsync(author, url, new { expiresIn = 3600 });

        api.Time.Advance(TimeSpan.FromSeconds(3599));
        var before = await api.CreateClient().GetAsync(link, _ct);
        api.Time.Advance(TimeSpan.FromSeconds(1));
        var after = await api.CreateClient().GetAsync(link, _ct);

        expiresAt.ShouldBe(api.Now, TimeSpan.FromSeconds(1));
        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        await after.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_New_Link_Or_Delete_Ends_The_Links_Given_Before()
    {
        var (author, _, url) = await DraftAsync();
        var (_, first, _) = await PreviewAsync(author, url);
        var (_, second, _) = await PreviewAsync(author, url);

        var firstAfterSecond = await api.CreateClient().GetAsync(first, _ct);
        var secondBeforeDelete = await api.CreateClient().GetAsync(second, _ct);
        (await author.Client.DeleteAsync($"{url}/preview", _ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var secondAfterDelete = await api.CreateClient().GetAsync(second, _ct);

        await firstAfterSecond.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        secondBeforeDelete.StatusCode.ShouldBe(HttpStatusCode.OK);
        await secondAfterDelete.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await author.Client.DeleteAsync($"{url}/preview", _ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent, "deleting again is no error");
    }

    [Fact]
    public async Task Only_A_Hash_Of_The_Token_Is_Stored()
    {
        var (author, id, url) = await DraftAsync();
        var (token, _, _) = await PreviewAsync(author, url);

        await using var db = api.Database.CreateContext();
        var stored = await db.ArticlePreviews.SingleAsync(p => p.ArticleId == Guid.Parse(id), _ct);

        stored.TokenHash.ShouldBe(ApiKeySecrets.Hash(token));
        var row = await db.Database.SqlQuery<string>($"SELECT row_to_json(p)::text AS \"Value\" FROM article_previews p WHERE article_id = {Guid.Parse(id)}")
            .SingleAsync(_ct);
        row.ShouldNotContain(token[3..]);
    }

    [Theory]
    [InlineData("{\"expiresIn\": 59}", "expiresIn")]
    [InlineData("{\"expiresIn\": 2592001}", "expiresIn")]
    [InlineData("{\"expiresIn\": 60, \"expiresAt\": \"2100-01-01T00:00:00Z\"}", "expiresAt")]
    [InlineData("{\"expiresAt\": \"2000-01-01T00:00:00Z\"}", "expiresAt")]
    public async Task A_Lifetime_Out_Of_Range_Returns_400_Naming_The_Field(string body, string field)
    {
        var (author, _, url) = await DraftAsync();

        var response = await author.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{url}/preview")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        }, _ct);

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Another_Authors_Key_Cannot_Make_Or_End_A_Link_To_A_Draft_It_Does_Not_Write()
    {
        var (_, _, url) = await DraftAsync();
        var stranger = await api.CallerAsync(Role.Author);
        var reader = await api.CallerAsync(Role.Reader);

        await (await stranger.Client.PostJsonAsync($"{url}/preview")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.DeleteAsync($"{url}/preview", _ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await reader.Client.PostJsonAsync($"{url}/preview")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
