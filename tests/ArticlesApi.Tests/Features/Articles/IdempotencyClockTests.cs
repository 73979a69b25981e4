using System.Net;
using ArticlesApi.Infrastructure.Idempotency;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Articles;

/// How long an Idempotency-Key holds, on a clock the tests move.
public sealed class IdempotencyClockTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_Answer_Is_Replayed_For_24_Hours_Then_The_Key_Runs_A_New_Request()
    {
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString());
        var key = Guid.NewGuid().ToString();
        var first = await editor.Client.PostJsonAsync("/api/v1/articles", body, key);

        api.Time.Advance(IdempotencyMiddleware.Retention - TimeSpan.FromSeconds(1));
        var replayed = await editor.Client.PostJsonAsync("/api/v1/articles", body, key);
        api.Time.Advance(TimeSpan.FromSeconds(1));
        var again = await editor.Client.PostJsonAsync("/api/v1/articles", body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        replayed.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        replayed.Headers.Location.ShouldBe(first.Headers.Location);
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        again.Headers.Location.ShouldNotBe(first.Headers.Location);
    }

    [Fact]
    public async Task A_Claim_Left_In_Progress_Is_Taken_Over_After_Two_Minutes()
    {
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString());
        var key = Guid.NewGuid().ToString();
        var first = await editor.Client.PostJsonAsync("/api/v1/articles", body, key);
        // The row as a request that died while running would have left it.
        await using (var db = api.Database.CreateContext())
            await db.Set<IdempotencyRecord>().Where(r => r.ApiKeyId == editor.KeyId).ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, (int?)null), _ct);

        api.Time.Advance(TimeSpan.FromMinutes(2));
        var stillRunning = await editor.Client.PostJsonAsync("/api/v1/articles", body, key);
        api.Time.Advance(TimeSpan.FromSeconds(1));
        var takenOver = await editor.Client.PostJsonAsync("/api/v1/articles", body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        await stillRunning.ShouldBeProblemAsync(HttpStatusCode.Conflict, "idempotency-in-progress");
        takenOver.StatusCode.ShouldBe(HttpStatusCode.Created);
        takenOver.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
    }
}
