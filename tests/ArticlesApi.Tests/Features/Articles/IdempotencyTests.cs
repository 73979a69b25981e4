using System.Net;
using ArticlesApi.Infrastructure.Idempotency;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Articles;

public sealed class IdempotencyTests(ApiFactory api)
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Replay_Returns_The_First_Response_And_Creates_Nothing()
    {
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString());
        var key = Guid.NewGuid().ToString();

        var first = await editor.Client.PostJsonAsync("/api/v1/articles", body, key);
        var second = await editor.Client.PostJsonAsync("/api/v1/articles", body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.Headers.Location.ShouldBe(first.Headers.Location);
        second.ETag().ShouldBe(first.ETag());
        (await second.Content.ReadAsStringAsync(_ct)).ShouldBe(await first.Content.ReadAsStringAsync(_ct));
        second.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        await using var db = api.Database.CreateContext();
        (await db.Articles.CountAsync(a => a.Title == (string)body["title"]!, _ct)).ShouldBe(1);
    }

    [Fact]
    public async Task The_Same_Key_With_Another_Body_Returns_422()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var key = Guid.NewGuid().ToString();
        (await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author), key)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await (await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author), key))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task The_Same_Key_On_Another_Path_Returns_422()
    {
        var editor = await api.EditorAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { name = $"Idem {Guid.NewGuid():N}" };
        (await editor.Client.PostJsonAsync("/api/v1/tags", body, key)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await (await editor.Client.PostJsonAsync("/api/v1/authors", body, key)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Keys_Are_Scoped_Per_Api_Key()
    {
        var one = await api.EditorAsync();
        var two = await api.EditorAsync();
        var key = Guid.NewGuid().ToString();

        var first = await one.Client.PostJsonAsync("/api/v1/tags", new { name = $"Scoped {Guid.NewGuid():N}" }, key);
        var second = await two.Client.PostJsonAsync("/api/v1/tags", new { name = $"Scoped {Guid.NewGuid():N}" }, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.Headers.Location.ShouldNotBe(first.Headers.Location);
    }

    [Fact]
    public async Task Concurrent_Duplicates_Create_One_Resource()
    {
        var editor = await api.EditorAsync();
        var name = $"Concurrent {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => api.ClientWithKey(editor.Secret).PostJsonAsync("/api/v1/tags", new { name }, key))));

        // Each answer is the first response (replayed) or 409 "still being processed"; never a second tag.
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.Conflict);
        responses.Where(r => r.StatusCode == HttpStatusCode.Created).Select(r => r.Headers.Location!.ToString()).Distinct().Count().ShouldBe(1);
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            conflict.Headers.RetryAfter.ShouldNotBeNull();
        }
        await using var db = api.Database.CreateContext();
        (await db.Tags.CountAsync(t => t.Name == name, _ct)).ShouldBe(1);
    }

    [Fact]
    public async Task A_Request_Still_Running_Answers_409()
    {
        var editor = await api.EditorAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { name = $"Running {Guid.NewGuid():N}" };
        // The first request's "in progress" row, as it is while that request runs.
        var first = await editor.Client.PostJsonAsync("/api/v1/tags", body, key);
        await using (var db = api.Database.CreateContext())
            await db.Set<IdempotencyRecord>().Where(r => r.ApiKeyId == editor.KeyId).ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, (int?)null), _ct);

        var retry = await editor.Client.PostJsonAsync("/api/v1/tags", body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        await retry.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_Validation_Failure_Is_Replayed_Too()
    {
        var editor = await api.EditorAsync();
        var key = Guid.NewGuid().ToString();
        var first = await editor.Client.PostJsonAsync("/api/v1/tags", new { name = "" }, key);
        var second = await editor.Client.PostJsonAsync("/api/v1/tags", new { name = "" }, key);

        first.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await second.ShouldBeValidationProblemAsync("name");
    }

    [Fact]
    public async Task An_Oversized_Idempotency_Key_Returns_400()
    {
        var editor = await api.EditorAsync();
        await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = "x" }, new string('k', 256)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
