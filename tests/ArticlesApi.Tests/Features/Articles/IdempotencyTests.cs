using System.Net;
using ArticlesApi.Infrastructure.Idempotency;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Articles;

public sealed class IdempotencyTests(ApiFactory api) : IClassFixture<ApiFactory>
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
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
    }

    [Fact]
    public async Task The_Same_Key_On_Another_Path_Returns_422()
    {
        var editor = await api.EditorAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { name = $"Idem {Guid.NewGuid():N}" };
        (await editor.Client.PostJsonAsync("/api/v1/tags", body, key)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await (await editor.Client.PostJsonAsync("/api/v1/authors", body, key)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
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
            await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict, "idempotency-in-progress");
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
        await retry.ShouldBeProblemAsync(HttpStatusCode.Conflict, "idempotency-in-progress");
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
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_Damaged_Stored_Answer_Returns_422_And_Runs_Nothing()
    {
        var editor = await api.EditorAsync();
        var key = Guid.NewGuid().ToString();
        var name = $"Damaged {Guid.NewGuid():N}";
        (await editor.Client.PostJsonAsync("/api/v1/tags", new { name }, key)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await using var db = api.Database.CreateContext();
        var record = await db.Set<IdempotencyRecord>().SingleAsync(r => r.ApiKeyId == editor.KeyId, _ct);
        record.Answer![^1] ^= 1;
        await db.Set<IdempotencyRecord>().Where(r => r.ApiKeyId == editor.KeyId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Answer, record.Answer), _ct);

        var retry = await editor.Client.PostJsonAsync("/api/v1/tags", new { name }, key);

        await retry.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-answer-lost");
        (await db.Tags.CountAsync(t => t.Name == name, _ct)).ShouldBe(1);
    }

    [Fact]
    public async Task Stored_Answers_Are_Compressed()
    {
        var editor = await api.EditorAsync();
        var markdown = string.Join("\n\n", Enumerable.Range(0, 400).Select(i => $"Paragraph {i}: the council met again today to discuss the budget."));
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("body", new Dictionary<string, object?> { ["markdown"] = markdown });

        var response = await editor.Client.PostJsonAsync("/api/v1/articles", body, Guid.NewGuid().ToString());

        var answer = await response.Content.ReadAsByteArrayAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        await using var db = api.Database.CreateContext();
        var record = await db.Set<IdempotencyRecord>().SingleAsync(r => r.ApiKeyId == editor.KeyId, _ct);
        record.Size.ShouldBe(record.Answer!.Length);
        record.Size.ShouldBeLessThan(answer.Length / 5, $"a {answer.Length}-byte answer");
    }

    [Fact]
    public async Task A_Key_Over_Its_Byte_Quota_Keeps_Its_Newest_Answers_Within_It()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var oldestKey = Guid.NewGuid().ToString();
        var oldestBody = Requests.Article(author);
        var oldest = await editor.Client.PostJsonAsync("/api/v1/articles", oldestBody, oldestKey);
        oldest.StatusCode.ShouldBe(HttpStatusCode.Created);
        var size = await StoredBytesAsync(editor.KeyId);
        // Room for about three such answers.
        var quota = size * 7 / 2;
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Idempotency:MaxBytesPerKey", quota.ToString()));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", editor.Secret);

        var writes = new List<(string Key, Dictionary<string, object?> Body, HttpResponseMessage Response)>();
        for (var i = 0; i < 8; i++)
        {
            var (key, body) = (Guid.NewGuid().ToString(), Requests.Article(author));
            writes.Add((key, body, await client.PostJsonAsync("/api/v1/articles", body, key)));
        }

        writes.ShouldAllBe(w => w.Response.StatusCode == HttpStatusCode.Created);
        (await StoredBytesAsync(editor.KeyId)).ShouldBeLessThanOrEqualTo(quota);
        await using (var db = api.Database.CreateContext())
            (await db.Set<IdempotencyRecord>().CountAsync(r => r.ApiKeyId == editor.KeyId, _ct)).ShouldBeInRange(2, 4);
        var newest = writes[^1];
        var replay = await client.PostJsonAsync("/api/v1/articles", newest.Body, newest.Key);
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        replay.Headers.Location.ShouldBe(newest.Response.Headers.Location);
        // The evicted answer is gone: its retry runs as a new request and creates a second article.
        var rerun = await client.PostJsonAsync("/api/v1/articles", oldestBody, oldestKey);
        rerun.StatusCode.ShouldBe(HttpStatusCode.Created);
        rerun.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        rerun.Headers.Location.ShouldNotBe(oldest.Headers.Location);
    }

    [Fact]
    public async Task A_Key_Over_Its_Record_Quota_Keeps_Its_Newest_Answers()
    {
        var editor = await api.EditorAsync();
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Idempotency:MaxRecordsPerKey", "2"));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", editor.Secret);

        for (var i = 0; i < 5; i++)
            (await client.PostJsonAsync("/api/v1/tags", new { name = $"Quota {Guid.NewGuid():N}" }, Guid.NewGuid().ToString()))
                .StatusCode.ShouldBe(HttpStatusCode.Created);

        await using var db = api.Database.CreateContext();
        (await db.Set<IdempotencyRecord>().CountAsync(r => r.ApiKeyId == editor.KeyId, _ct)).ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_Writes_Of_One_Key_Stay_Within_Its_Quota()
    {
        var editor = await api.EditorAsync();
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Idempotency:MaxRecordsPerKey", "3"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", editor.Secret);
            return client.PostJsonAsync("/api/v1/tags", new { name = $"Together {Guid.NewGuid():N}" }, Guid.NewGuid().ToString());
        })));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        await using var db = api.Database.CreateContext();
        (await db.Set<IdempotencyRecord>().CountAsync(r => r.ApiKeyId == editor.KeyId, _ct)).ShouldBeLessThanOrEqualTo(3);
    }

    async Task<long> StoredBytesAsync(Guid apiKeyId)
    {
        await using var db = api.Database.CreateContext();
        return await db.Set<IdempotencyRecord>().Where(r => r.ApiKeyId == apiKeyId).SumAsync(r => (long)r.Size, _ct);
    }
}
