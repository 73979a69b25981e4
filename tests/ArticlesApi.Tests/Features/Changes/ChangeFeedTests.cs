using System.Net;
using System.Text.Json;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Changes;

/// GET /api/v1/changes: content_changes in commit order, without gaps or repeats, filtered for anonymous callers.
public sealed class ChangeFeedTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    sealed record Entry(long Sequence, DateTime At, string Type, string Resource, Guid Id, string Slug);

    /// Follows the feed from `cursor` until it has caught up: the entries and the cursor to poll with.
    async Task<(List<Entry> Entries, string Cursor)> FollowAsync(HttpClient client, string? cursor, int limit = 100)
    {
        var entries = new List<Entry>();
        while (true)
        {
            var url = $"/api/v1/changes?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await client.GetAsync(url, _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK);
            entries.AddRange(page.GetProperty("data").Deserialize<List<Entry>>(Http.Options)!);
            cursor = page.GetProperty("meta").GetProperty("nextCursor").GetString()!;
            if (!page.GetProperty("meta").GetProperty("hasMore").GetBoolean())
                return (entries, cursor);
        }
    }

    /// What an anonymous reader can list: id → slug of every public article.
    async Task<Dictionary<Guid, string>> PublicArticlesAsync()
    {
        var client = api.CreateClient();
        var articles = new Dictionary<Guid, string>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/articles?limit=100" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await client.GetAsync(url, _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK);
            foreach (var article in page.GetProperty("data").EnumerateArray())
                articles.Add(article.GetProperty("id").GetGuid(), article.GetProperty("slug").GetString()!);
            cursor = page.GetProperty("meta").GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return articles;
    }

    /// What an app following the feed does with its entries: fetch what appeared or changed, drop what left.
    static void Apply(Dictionary<Guid, string> state, IEnumerable<Entry> entries)
    {
        foreach (var entry in entries.Where(e => e.Resource == "article"))
        {
            if (entry.Type is "deleted" or "unpublished")
                state.Remove(entry.Id);
            else
                state[entry.Id] = entry.Slug;
        }
    }

    void Promote()
    {
        using var db = api.Database.CreateContext();
        ScheduledPublication.PromoteDueAsync(db, _ct).GetAwaiter().GetResult();
        api.Services.GetRequiredService<ContentGeneration>().Advance();
    }

    [Fact]
    public async Task A_Replay_From_Any_Cursor_Ends_With_Exactly_The_Public_Articles()
    {
        var editor = await api.EditorAsync();
        var admin = await api.AdminAsync();
        var anonymous = api.CreateClient();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        // (cursor, what the app held then): from the start, and from two points along the way.
        var checkpoints = new List<(string? Cursor, Dictionary<Guid, string> State)> { (null, []) };
        async Task CheckpointAsync() => checkpoints.Add(((await FollowAsync(anonymous, null)).Cursor, await PublicArticlesAsync()));
        async Task<string> ETagAsync(string url) => (await editor.Client.GetAsync(url, _ct)).ETag();
        async Task OkAsync(Task<HttpResponseMessage> write) => (await write).IsSuccessStatusCode.ShouldBeTrue();

        var body = Requests.Article(author);
        var (draft, _, draftUrl) = await editor.CreateArticleAsync(body);
        await OkAsync(editor.Client.PutJsonAsync(draftUrl, body.With("title", "Still a draft"), await ETagAsync(draftUrl)));
        var (_, _, renamedUrl) = await editor.CreateArticleAsync();
        await OkAsync(editor.Client.PostJsonAsync($"{renamedUrl}/publish"));
        await CheckpointAsync();

        await OkAsync(editor.Client.PostJsonAsync($"{draftUrl}/publish"));
        var renamed = await (await editor.Client.GetAsync(renamedUrl, _ct)).JsonAsync();
        var renamedBody = Requests.Article(author).With("title", renamed.GetProperty("title").GetString()).With("slug", $"renamed-{Guid.NewGuid():N}");
        await OkAsync(editor.Client.PutJsonAsync(renamedUrl, renamedBody, await ETagAsync(renamedUrl)));
        var (_, _, unpublishedUrl) = await editor.CreateArticleAsync();
        await OkAsync(editor.Client.PostJsonAsync($"{unpublishedUrl}/publish"));
        await OkAsync(editor.Client.PostJsonAsync($"{unpublishedUrl}/unpublish"));
        var (_, _, trashedUrl) = await editor.CreateArticleAsync();
        await OkAsync(editor.Client.PostJsonAsync($"{trashedUrl}/publish"));
        await OkAsync(editor.Client.DeleteAsync(trashedUrl, await ETagAsync(trashedUrl)));
        var (_, _, restoredUrl) = await editor.CreateArticleAsync();
        await OkAsync(editor.Client.PostJsonAsync($"{restoredUrl}/publish"));
        await OkAsync(editor.Client.DeleteAsync(restoredUrl, await ETagAsync(restoredUrl)));
        await OkAsync(editor.Client.PostJsonAsync($"{restoredUrl}/restore"));
        await CheckpointAsync();

        var (_, _, scheduledUrl) = await editor.CreateArticleAsync();
        await OkAsync(editor.Client.PostJsonAsync($"{scheduledUrl}/publish", new { publishAt = api.Now.AddHours(1) }));
        var (_, _, rescheduledUrl) = await editor.CreateArticleAsync();
        await OkAsync(editor.Client.PostJsonAsync($"{rescheduledUrl}/publish"));
        await OkAsync(editor.Client.PostJsonAsync($"{rescheduledUrl}/publish", new { publishAt = api.Now.AddDays(2) }));
        await OkAsync(admin.Client.DeleteAsync($"{draftUrl}?permanent=true", "*"));
        api.Time.Advance(TimeSpan.FromHours(2));
        Promote();

        var expected = await PublicArticlesAsync();
        expected.ShouldNotContainKey(draft.GetProperty("id").GetGuid());
        expected.Count.ShouldBeGreaterThanOrEqualTo(3, "the renamed, the restored and the scheduled articles");
        foreach (var (cursor, state) in checkpoints)
        {
            var replayed = new Dictionary<Guid, string>(state);
            Apply(replayed, (await FollowAsync(anonymous, cursor, limit: 3)).Entries);
            replayed.OrderBy(a => a.Key).ShouldBe(expected.OrderBy(a => a.Key), $"replayed from {cursor ?? "the start"}");
        }
    }

    [Fact]
    public async Task Anonymous_Callers_See_A_Draft_Never_And_An_Article_Leaving_View_As_Deleted_While_Keys_See_Every_Change()
    {
        var editor = await api.EditorAsync();
        var anonymous = api.CreateClient();
        var (_, start) = await FollowAsync(editor.Client, null);
        var (_, publicStart) = await FollowAsync(anonymous, null);

        var (article, _, url) = await editor.CreateArticleAsync();
        var id = article.GetProperty("id").GetGuid();
        await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = api.Now.AddDays(1) });
        (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = api.Now })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{url}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var all = (await FollowAsync(editor.Client, start)).Entries.Where(e => e.Id == id).Select(e => e.Type);
        all.ShouldBe(["created", "updated", "published", "unpublished"], "scheduling a draft is an update; its publication comes later");
        var seen = (await FollowAsync(anonymous, publicStart)).Entries.Where(e => e.Id == id).Select(e => e.Type);
        seen.ShouldBe(["published", "deleted"]);
    }

    [Fact]
    public async Task Parallel_Writers_Never_Make_A_Reader_Skip_Or_Repeat_A_Change()
    {
        var editor = await api.EditorAsync();
        var (_, start) = await FollowAsync(editor.Client, null);
        long first;
        await using (var db = api.Database.CreateContext())
            first = await db.ContentChanges.MaxAsync(c => c.Sequence, _ct);

        var writing = true;
        var read = new List<Entry>();
        var reader = Task.Run(async () =>
        {
            var cursor = start;
            while (Volatile.Read(ref writing))
            {
                var (entries, next) = await FollowAsync(editor.Client, cursor, limit: 7);
                read.AddRange(entries);
                cursor = next;
            }
            read.AddRange((await FollowAsync(editor.Client, cursor)).Entries);
        }, _ct);
        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
            {
                (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"race {w} {i} {Guid.NewGuid():N}" })).StatusCode.ShouldBe(HttpStatusCode.Created);
                var (_, _, url) = await editor.CreateArticleAsync(Requests.Article(editor.AuthorId?.ToString() ?? (await editor.NewAuthorIdAsync()).ToString()));
                (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
            }
        }, _ct)).ToList();
        await Task.WhenAll(writers);
        Volatile.Write(ref writing, false);
        await reader;

        List<long> committed;
        await using (var db = api.Database.CreateContext())
            committed = await db.ContentChanges.Where(c => c.Sequence > first).OrderBy(c => c.Sequence).Select(c => c.Sequence).ToListAsync(_ct);
        committed.Count.ShouldBeGreaterThanOrEqualTo(6 * 8 * 4, "a tag, an author, an article and its publication per round");
        read.Select(e => e.Sequence).ShouldBe(committed, "every committed change once, in order");
    }

    [Fact]
    public async Task A_Page_Ends_With_A_Cursor_Even_When_Empty_And_More_Says_Whether_To_Ask_Again()
    {
        var editor = await api.EditorAsync();
        var (_, cursor) = await FollowAsync(editor.Client, null);
        var empty = await (await editor.Client.GetAsync($"/api/v1/changes?cursor={cursor}", _ct)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        empty.GetProperty("data").GetArrayLength().ShouldBe(0);
        empty.GetProperty("meta").GetProperty("nextCursor").GetString().ShouldBe(cursor);
        empty.GetProperty("meta").GetProperty("hasMore").GetBoolean().ShouldBeFalse();

        await editor.NewAuthorIdAsync();
        await editor.NewAuthorIdAsync();
        var page = await editor.Client.GetAsync($"/api/v1/changes?limit=1&cursor={cursor}", _ct);
        var json = await page.ReadAsync<JsonElement>(HttpStatusCode.OK);
        json.GetProperty("meta").GetProperty("hasMore").GetBoolean().ShouldBeTrue();
        page.Headers.GetValues("Link").Single().ShouldContain("rel=\"next\"");
    }

    [Theory]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    public async Task A_Bad_Parameter_Returns_400_Naming_It(string query, string field)
    {
        var response = await api.CreateClient().GetAsync($"/api/v1/changes?{query}", _ct);
        await response.ShouldBeValidationProblemAsync(field);
    }
}
