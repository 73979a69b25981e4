using System.Net;
using System.Text.Json;
using ArticlesApi.Features.Webhooks;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;

namespace ArticlesApi.Tests.Features.Webhooks;

/// Webhooks: subscriptions, signed deliveries from content_changes, retries, the delivery log, SSRF refusals.
/// The tests drive the worker (WebhookWorker.RunOnceAsync) and the clock themselves.
public sealed class WebhookTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    WebhookWorker Worker => api.Services.GetRequiredService<WebhookWorker>();

    /// A receiver and a webhook to it for these events; the webhook is deleted when the test ends, so the
    /// next tests' runs of the worker do not keep calling a stopped receiver.
    sealed class Subscription(WebhookReceiver receiver, Guid id, string secret, Caller admin) : IAsyncDisposable
    {
        public WebhookReceiver Receiver => receiver;
        public Guid Id => id;
        public string Secret => secret;
        public string Url => $"/api/v1/webhooks/{id}";

        public async ValueTask DisposeAsync()
        {
            await admin.Client.DeleteAsync(Url, null);
            await receiver.DisposeAsync();
        }
    }

    async Task<Subscription> SubscribeAsync(params string[] events)
    {
        var admin = await api.AdminAsync();
        var receiver = await WebhookReceiver.StartAsync();
        var response = await admin.Client.PostJsonAsync("/api/v1/webhooks", new { url = new Uri(receiver.Url, "/hooks").ToString(), events, description = "test" });
        var created = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        return new Subscription(receiver, created.GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!, admin);
    }

    async Task<JsonElement> DeliveriesAsync(Subscription subscription)
    {
        var admin = await api.AdminAsync();
        return (await (await admin.Client.GetAsync($"{subscription.Url}/deliveries", _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("data");
    }

    async Task<Guid> PublishedArticleAsync()
    {
        var editor = await api.EditorAsync();
        var (article, _, url) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return article.GetProperty("id").GetGuid();
    }

    [Fact]
    public void The_Signature_Matches_The_Standard_Webhooks_Test_Vector()
    {
        // The specification's test vector (standard-webhooks, libraries' shared tests).
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var signature = WebhookSignature.Sign(WebhookSecrets.SigningKey(secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""");
        signature.ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        WebhookSignature.Verify(WebhookSecrets.SigningKey(secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""",
            $"v1,bm9wZQ== {signature}").ShouldBeTrue();
        WebhookSignature.Verify(WebhookSecrets.SigningKey(secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, """{"test": 2432232314}""", signature)
            .ShouldBeFalse();
    }

    [Fact]
    public async Task Create_Answers_201_With_A_Secret_Shown_Once_And_Stored_Encrypted()
    {
        await using var subscription = await SubscribeAsync("article.published");
        subscription.Secret.ShouldStartWith("whsec_");
        WebhookSecrets.SigningKey(subscription.Secret).Length.ShouldBe(24);

        var admin = await api.AdminAsync();
        var read = await (await admin.Client.GetAsync(subscription.Url, _ct)).Content.ReadAsStringAsync(_ct);
        read.ShouldNotContain("whsec_");
        var list = await (await admin.Client.GetAsync("/api/v1/webhooks", _ct)).Content.ReadAsStringAsync(_ct);
        list.ShouldContain(subscription.Id.ToString());
        list.ShouldNotContain("whsec_");
        await using var db = api.Database.CreateContext();
        var stored = await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == subscription.Id, _ct);
        System.Text.Encoding.Latin1.GetString(stored.SealedSecret).ShouldNotContain(subscription.Secret[6..]);
        Convert.ToBase64String(stored.SealedSecret).ShouldNotContain(subscription.Secret[6..]);
    }

    [Fact]
    public async Task A_Published_Article_Reaches_The_Receiver_Signed_By_The_Standard_Webhooks_Scheme()
    {
        await using var subscription = await SubscribeAsync("article.published", "article.deleted");
        var id = await PublishedArticleAsync();

        (await Worker.RunOnceAsync(_ct)).ShouldBeGreaterThanOrEqualTo(1);

        var request = subscription.Receiver.Received.ShouldHaveSingleItem();
        // Checked by an implementation of the scheme that is not ours (its Verify also checks the timestamp against the real clock,
        // which this class's fake one has left behind).
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(long.Parse(request.Timestamp!));
        request.Signature.ShouldBe(new StandardWebhook(subscription.Secret).Sign(request.Id!, timestamp, request.Body));
        timestamp.ShouldBe(api.Time.GetUtcNow());
        var body = JsonDocument.Parse(request.Body).RootElement;
        body.GetProperty("type").GetString().ShouldBe("article.published");
        body.GetProperty("data").GetProperty("id").GetGuid().ShouldBe(id);
        body.GetProperty("data").GetProperty("resource").GetString().ShouldBe("article");
        body.GetProperty("data").GetProperty("isPublic").GetBoolean().ShouldBeTrue();
        var sequence = body.GetProperty("data").GetProperty("sequence").GetInt64();
        request.Id.ShouldBe($"msg_{sequence}");
        body.GetProperty("data").GetProperty("slug").GetString().ShouldNotBeNullOrEmpty();
        body.GetProperty("timestamp").GetDateTime().ShouldBe(api.Now);

        var delivery = (await DeliveriesAsync(subscription)).EnumerateArray().ShouldHaveSingleItem();
        delivery.GetProperty("status").GetString().ShouldBe("succeeded");
        delivery.GetProperty("attempts").GetInt32().ShouldBe(1);
        delivery.GetProperty("lastStatusCode").GetInt32().ShouldBe(204);
        (await Worker.RunOnceAsync(_ct)).ShouldBe(0, "a delivered event is not sent again");
    }

    [Fact]
    public async Task A_Failing_Receiver_Is_Retried_With_Exponential_Backoff_And_Its_Answer_Logged_Truncated()
    {
        await using var subscription = await SubscribeAsync("article.published");
        subscription.Receiver.Answer = _ => (500, new string('x', 100_000), null);
        await PublishedArticleAsync();

        await Worker.RunOnceAsync(_ct);
        var delivery = (await DeliveriesAsync(subscription))[0];
        delivery.GetProperty("status").GetString().ShouldBe("pending");
        delivery.GetProperty("lastStatusCode").GetInt32().ShouldBe(500);
        delivery.GetProperty("lastResponse").GetString()!.Length.ShouldBe(WebhookSender.MaxAnswerBytes);
        delivery.GetProperty("nextAttemptAt").GetDateTime().ShouldBe(api.Now.AddSeconds(10));

        await Worker.RunOnceAsync(_ct);
        subscription.Receiver.Received.Count.ShouldBe(1, "not due yet");
        api.Time.Advance(TimeSpan.FromSeconds(10));
        await Worker.RunOnceAsync(_ct);
        subscription.Receiver.Received.Count.ShouldBe(2);
        delivery = (await DeliveriesAsync(subscription))[0];
        delivery.GetProperty("attempts").GetInt32().ShouldBe(2);
        delivery.GetProperty("nextAttemptAt").GetDateTime().ShouldBe(api.Now.AddSeconds(20), "twice as long");
        subscription.Receiver.Received.Select(r => r.Id).Distinct().ShouldHaveSingleItem("the same webhook-id on every attempt");

        subscription.Receiver.Answer = _ => (200, "ok", null);
        api.Time.Advance(TimeSpan.FromSeconds(20));
        await Worker.RunOnceAsync(_ct);
        (await DeliveriesAsync(subscription))[0].GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task Retries_End_After_24_Hours_And_A_Manual_Retry_Sends_The_Same_Event_Again()
    {
        await using var subscription = await SubscribeAsync("article.published");
        subscription.Receiver.Answer = _ => (503, "down", null);
        await PublishedArticleAsync();

        for (var hour = 0; hour <= 25; hour++)
        {
            await Worker.RunOnceAsync(_ct);
            api.Time.Advance(TimeSpan.FromHours(1));
        }
        var delivery = (await DeliveriesAsync(subscription))[0];
        delivery.GetProperty("status").GetString().ShouldBe("failed");
        delivery.TryGetProperty("nextAttemptAt", out var next).ShouldBeTrue();
        next.ValueKind.ShouldBe(JsonValueKind.Null);
        var attempts = subscription.Receiver.Received.Count;
        attempts.ShouldBeInRange(10, 30);

        subscription.Receiver.Answer = _ => (204, null, null);
        var admin = await api.AdminAsync();
        var retried = await admin.Client.PostJsonAsync($"{subscription.Url}/deliveries/{delivery.GetProperty("id").GetGuid()}/retry");
        (await retried.ReadAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("pending");
        await Worker.RunOnceAsync(_ct);
        subscription.Receiver.Received.Count.ShouldBe(attempts + 1);
        subscription.Receiver.Received.Select(r => r.Id).Distinct().ShouldHaveSingleItem();
        (await DeliveriesAsync(subscription))[0].GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task Failures_For_DisableAfterHours_Disable_The_Webhook()
    {
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Webhooks:DisableAfterHours", "6"));
        var worker = host.Services.GetRequiredService<WebhookWorker>();
        await using var subscription = await SubscribeAsync("article.published");
        subscription.Receiver.Answer = _ => (500, null, null);
        await PublishedArticleAsync();

        for (var hour = 0; hour <= 7; hour++)
        {
            await worker.RunOnceAsync(_ct);
            api.Time.Advance(TimeSpan.FromHours(1));
        }
        var admin = await api.AdminAsync();
        var webhook = await (await admin.Client.GetAsync(subscription.Url, _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        webhook.GetProperty("enabled").GetBoolean().ShouldBeFalse();
        webhook.GetProperty("disabledReason").GetString()!.ShouldContain("6 hours");
        var sent = subscription.Receiver.Received.Count;
        api.Time.Advance(TimeSpan.FromHours(1));
        await worker.RunOnceAsync(_ct);
        subscription.Receiver.Received.Count.ShouldBe(sent, "a disabled webhook gets nothing");
    }

    [Fact]
    public async Task Redirects_Are_Not_Followed()
    {
        await using var subscription = await SubscribeAsync("article.published");
        subscription.Receiver.Answer = r => r.Path == "/hooks" ? (307, null, "/elsewhere") : (204, null, null);
        await PublishedArticleAsync();

        await Worker.RunOnceAsync(_ct);

        subscription.Receiver.Received.ShouldAllBe(r => r.Path == "/hooks");
        var delivery = (await DeliveriesAsync(subscription))[0];
        delivery.GetProperty("status").GetString().ShouldBe("pending");
        delivery.GetProperty("lastStatusCode").GetInt32().ShouldBe(307);
    }

    [Fact]
    public async Task Two_Workers_Deliver_Each_Event_Exactly_Once()
    {
        await using var other = api.WithWebHostBuilder(_ => { });
        var workers = new[] { Worker, other.Services.GetRequiredService<WebhookWorker>() };
        await using var subscription = await SubscribeAsync("article.created", "article.published");
        var editor = await api.EditorAsync();
        for (var i = 0; i < 15; i++)
            await PublishedArticleAsync();

        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunOnceAsync(_ct), _ct)));
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunOnceAsync(_ct), _ct)));

        var ids = subscription.Receiver.Received.Select(r => r.Id).ToList();
        ids.Count.ShouldBe(30);
        ids.Distinct().Count().ShouldBe(30);
        await using var db = api.Database.CreateContext();
        (await db.WebhookDeliveries.CountAsync(d => d.WebhookId == subscription.Id, _ct)).ShouldBe(30);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hooks")]
    [InlineData("http://localhost/hooks")]
    [InlineData("http://10.1.2.3/hooks")]
    [InlineData("http://172.20.0.1/hooks")]
    [InlineData("http://192.168.1.10/hooks")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/hooks")]
    [InlineData("http://[fd00:ec2::254]/hooks")]
    [InlineData("http://[::ffff:127.0.0.1]/hooks")]
    [InlineData("http://0.0.0.0/hooks")]
    [InlineData("http://100.64.0.1/hooks")]
    public async Task A_Target_On_A_Non_Public_Address_Returns_400_Naming_Url(string url)
    {
        await using var strict = api.WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowPrivateNetworks", "false"));
        var client = strict.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await api.AdminAsync()).Secret);

        var response = await client.PostJsonAsync("/api/v1/webhooks", new { url, events = new[] { "article.published" } });

        var problem = await response.ShouldBeValidationProblemAsync("url");
        problem.GetRawText().ShouldContain("non-public");
    }

    [Fact]
    public async Task A_Delivery_To_An_Address_That_Became_Private_Is_Refused_When_Connecting()
    {
        await using var subscription = await SubscribeAsync("article.published");
        await using var strict = api.WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowPrivateNetworks", "false"));
        await PublishedArticleAsync();

        await strict.Services.GetRequiredService<WebhookWorker>().RunOnceAsync(_ct);

        subscription.Receiver.Received.ShouldBeEmpty();
        var delivery = (await DeliveriesAsync(subscription))[0];
        delivery.GetProperty("lastResponse").GetString()!.ShouldContain("Refused");
        delivery.GetProperty("status").GetString().ShouldBe("pending");
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.org/x","events":["article.published"]}""", "url")]
    [InlineData("""{"url":"https://user:pw@example.org/x","events":["article.published"]}""", "url")]
    [InlineData("""{"url":"https://example.org/x","events":[]}""", "events")]
    [InlineData("""{"url":"https://example.org/x","events":["article.scheduled"]}""", "events[0]")]
    public async Task Create_With_An_Invalid_Body_Returns_400_Naming_The_Field(string body, string field)
    {
        var admin = await api.AdminAsync();
        var response = await admin.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        }, _ct);
        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Put_Disables_And_Enables_And_Delete_Removes_The_Webhook_And_Its_Log()
    {
        var subscription = await SubscribeAsync("article.published");
        var admin = await api.AdminAsync();
        var url = new Uri(subscription.Receiver.Url, "/hooks").ToString();

        var disabled = await admin.Client.PutJsonAsync(subscription.Url, new { url, events = new[] { "article.published" }, enabled = false }, null);
        (await disabled.ReadAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("disabledReason").GetString().ShouldBe("Disabled by an admin.");
        await PublishedArticleAsync();
        await Worker.RunOnceAsync(_ct);
        subscription.Receiver.Received.ShouldBeEmpty();

        var enabled = await admin.Client.PutJsonAsync(subscription.Url, new { url, events = new[] { "article.published" } }, "\"stale\"");
        await enabled.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        enabled = await admin.Client.PutJsonAsync(subscription.Url, new { url, events = new[] { "article.published" } }, null);
        (await enabled.ReadAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("enabled").GetBoolean().ShouldBeTrue();

        await subscription.DisposeAsync();
        (await admin.Client.GetAsync(subscription.Url, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.Client.DeleteAsync(subscription.Url, null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.Client.GetAsync($"{subscription.Url}/deliveries", _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
