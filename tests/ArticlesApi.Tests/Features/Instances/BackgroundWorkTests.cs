using System.Net;
using System.Text.Json;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Webhooks;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ArticlesApi.Tests.Features.Instances;

/// Background work on several instances over one database (docs/decisions/0033): two more hosts of this class's
/// API run their background jobs' run-once methods at the same moment, several callers each, and every piece of
/// work is done once. The class's own host serves the writes; the clock is the fake one of all three.
public sealed class BackgroundWorkTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    const int CallersPerInstance = 4;

    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// Two instances on the class's database; small send batches, so that their claims interleave.
    WebApplicationFactory<Program>[] TwoInstances() =>
        [.. Enumerable.Range(0, 2).Select(_ => api.WithWebHostBuilder(b => b.UseSetting("Webhooks:Concurrency", "2")))];

    /// `run` from CallersPerInstance callers on each instance, all started together, `rounds` times each.
    async Task<int[]> RaceAsync(WebApplicationFactory<Program>[] instances, Func<IServiceProvider, Task<int>> run, int rounds = 3)
    {
        var callers = instances.SelectMany(instance => Enumerable.Range(0, CallersPerInstance).Select(_ => Task.Run(async () =>
        {
            var done = 0;
            for (var round = 0; round < rounds; round++)
                done += await run(instance.Services);
            return done;
        }, _ct)));
        return await Task.WhenAll(callers);
    }

    static async Task<int> PromoteAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await ScheduledPublication.PromoteDueAsync(scope.ServiceProvider.GetRequiredService<ArticlesDb>(), TestContext.Current.CancellationToken);
    }

    static Task<int> RunWebhooksAsync(IServiceProvider services) =>
        services.GetRequiredService<WebhookWorker>().RunOnceAsync(TestContext.Current.CancellationToken);

    async Task<(WebhookReceiver Receiver, Guid Id)> SubscribeAsync(string type)
    {
        var admin = await api.AdminAsync();
        var receiver = await WebhookReceiver.StartAsync();
        var response = await admin.Client.PostJsonAsync("/api/v1/webhooks", new { url = new Uri(receiver.Url, "/hooks").ToString(), events = new[] { type } });
        return (receiver, (await response.ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid());
    }

    /// So that the next test's workers do not keep calling a stopped receiver.
    async Task UnsubscribeAsync(Guid webhook) =>
        (await (await api.AdminAsync()).Client.DeleteAsync($"/api/v1/webhooks/{webhook}", _ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

    async Task<List<Guid>> ScheduledAsync(int count, TimeSpan from)
    {
        var editor = await api.EditorAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var (article, _, url) = await editor.CreateArticleAsync();
            (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = api.Now.Add(from) })).StatusCode.ShouldBe(HttpStatusCode.OK);
            ids.Add(article.GetProperty("id").GetGuid());
        }
        return ids;
    }

    static List<string> EventIds(WebhookReceiver receiver) => [.. receiver.Received.Select(r => r.Id!)];

    [Fact]
    public async Task Scheduled_Articles_Due_At_Once_Are_Published_Once_When_Two_Instances_Promote_Together()
    {
        const int count = 24;
        var (receiver, webhook) = await SubscribeAsync("article.published");
        await using var _ = receiver;
        var ids = await ScheduledAsync(count, TimeSpan.FromHours(1));
        var instances = TwoInstances();
        await using var first = instances[0];
        await using var second = instances[1];
        api.Time.Advance(TimeSpan.FromHours(1));

        var promoted = await RaceAsync(instances, PromoteAsync);
        await RaceAsync(instances, RunWebhooksAsync);

        promoted.Sum().ShouldBe(count, "each article is promoted by one run of one instance");
        await using (var db = api.Database.CreateContext())
        {
            var published = await db.ContentChanges.Where(c => ids.Contains(c.ResourceId) && c.Kind == ChangeKind.Published)
                .Select(c => c.ResourceId).ToListAsync(_ct);
            published.Order().ShouldBe(ids.Order(), "one `published` change per article");
            var revisions = await db.ArticleRevisions.Where(r => ids.Contains(r.ArticleId) && r.Action == RevisionActions.Published)
                .Select(r => r.ArticleId).ToListAsync(_ct);
            revisions.Order().ShouldBe(ids.Order(), "one `published` revision per article");
            (await db.WebhookDeliveries.CountAsync(d => d.WebhookId == webhook, _ct)).ShouldBe(count, "one delivery per article");
        }
        var events = EventIds(receiver);
        events.Count.ShouldBe(count, "the receiver sees each publication once");
        events.Distinct().Count().ShouldBe(count);
        var articles = receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("id").GetGuid());
        articles.Order().ShouldBe(ids.Order());
        await UnsubscribeAsync(webhook);
    }

    [Fact]
    public async Task Deliveries_Claimed_By_Two_Instances_Together_Are_Sent_Once_Per_Attempt()
    {
        const int count = 20;
        var (receiver, webhook) = await SubscribeAsync("article.published");
        await using var _ = receiver;
        // Every first attempt fails, every second one succeeds.
        var attempted = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        receiver.Answer = r => attempted.AddOrUpdate(r.Id!, 1, (_, n) => n + 1) == 1 ? (500, null, null) : (204, null, null);
        var editor = await api.EditorAsync();
        for (var i = 0; i < count; i++)
        {
            var (_, _, url) = await editor.CreateArticleAsync();
            (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var instances = TwoInstances();
        await using var first = instances[0];
        await using var second = instances[1];

        var firstAttempts = await RaceAsync(instances, RunWebhooksAsync);
        var afterFirst = EventIds(receiver);
        api.Time.Advance(TimeSpan.FromSeconds(10));
        var secondAttempts = await RaceAsync(instances, RunWebhooksAsync);
        api.Time.Advance(TimeSpan.FromHours(1));
        var nothingLeft = await RaceAsync(instances, RunWebhooksAsync);

        firstAttempts.Sum().ShouldBe(count);
        afterFirst.Count.ShouldBe(count, "each delivery's first attempt is sent once");
        afterFirst.Distinct().Count().ShouldBe(count);
        secondAttempts.Sum().ShouldBe(count);
        nothingLeft.Sum().ShouldBe(0);
        attempted.Count.ShouldBe(count);
        attempted.Values.ShouldAllBe(n => n == 2, "each delivery is sent once per attempt");
        await using (var db = api.Database.CreateContext())
        {
            var deliveries = await db.WebhookDeliveries.Where(d => d.WebhookId == webhook).ToListAsync(_ct);
            deliveries.Count.ShouldBe(count);
            deliveries.ShouldAllBe(d => d.Status == DeliveryStatus.Succeeded && d.Attempts == 2);
        }
        await UnsubscribeAsync(webhook);
    }

    [Fact]
    public async Task A_Promotion_Left_By_An_Instance_That_Died_Is_Done_By_The_Next_Run_Of_Another()
    {
        var ids = await ScheduledAsync(3, TimeSpan.FromHours(1));
        api.Time.Advance(TimeSpan.FromHours(1));
        await using var other = api.WithWebHostBuilder(_ => { });
        // An instance in the middle of a promotion: its transaction holds the lock, until its server process is killed.
        await using var dying = new NpgsqlConnection($"{api.Database.ConnectionString};Pooling=false");
        await dying.OpenAsync(_ct);
        var transaction = await dying.BeginTransactionAsync(_ct);
        await using (var lockIt = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({ScheduledPublication.PromotionLock})", dying, transaction))
            await lockIt.ExecuteScalarAsync(_ct);

        var whileHeld = await PromoteAsync(other.Services);
        await using (var killer = new NpgsqlConnection(api.Database.ConnectionString))
        {
            await killer.OpenAsync(_ct);
            // Waits (up to 30 s) until the process has gone, and its transaction and lock with it.
            await using var kill = new NpgsqlCommand($"SELECT pg_terminate_backend({dying.ProcessID}, 30000)", killer);
            (await kill.ExecuteScalarAsync(_ct)).ShouldBe(true);
        }
        var afterDeath = await PromoteAsync(other.Services);

        whileHeld.ShouldBe(0, "the holder's run is left to it");
        afterDeath.ShouldBe(ids.Count);
        await using var db = api.Database.CreateContext();
        (await db.ContentChanges.CountAsync(c => ids.Contains(c.ResourceId) && c.Kind == ChangeKind.Published, _ct)).ShouldBe(ids.Count);
    }
}
