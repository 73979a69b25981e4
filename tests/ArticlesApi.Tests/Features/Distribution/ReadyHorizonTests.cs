using System.Net;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Features.Distribution.Ready;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ArticlesApi.Tests.Features.Distribution;

/// The sample newsroom on a clock that stands still, the ready-made feed items kept only for the newest 3 public articles
/// (ReadyMade:FeedHorizon 3) and the scheduled ones, background work run only when a test asks.
public sealed class ReadyHorizonApi : ApiFactory
{
    public const int Newest = 3;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    public override TimeProvider Clock => Time;

    protected override bool SeedSampleContent => true;

    /// The sample's scheduled article is moved years ahead: the tests move the clock by days, and a scheduled article that
    /// became due (public, and kept by the horizon as every scheduled one) would be one more row than the tests count,
    /// depending on the order they run in.
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE articles SET published_at = published_at + interval '10 years' WHERE status = 'scheduled'", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(ScheduledPublication.IntervalSetting, "0");
        builder.UseSetting(ReadySummaryWorker.IntervalSetting, "0");
        builder.UseSetting(ReadyFeedItems.HorizonSetting, Newest.ToString());
    }
}

/// The horizon of the ready-made feed items (docs/decisions/0045, readyhorizon): rows only for scheduled articles and
/// those at or after the K-th newest public article; a feed or news sitemap is read from them only when they provably
/// hold its whole answer, else the query path answers the same bytes.
public sealed class ReadyHorizonTests(ReadyHorizonApi api) : IClassFixture<ReadyHorizonApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _ready = api.CreateClient();

    static readonly string[] Urls =
    [
        "/api/v1/feeds/rss?limit=1", "/api/v1/feeds/atom?limit=3", "/api/v1/feeds/json?limit=3", "/api/v1/feeds/rss?limit=4",
        "/api/v1/feeds/atom", "/api/v1/feeds/json?limit=100", "/api/v1/sitemaps/news.xml",
    ];

    Task<long> CatchUpAsync() => api.Services.GetRequiredService<ReadySummaryWorker>().CatchUpAsync(_ct, wait: true);

    Task<Dictionary<string, string>> SameAsync() => ReadyFeedTests.SameAsync(api, _ready, Urls, _ct);

    async Task<object?> ExecuteAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        var result = await command.ExecuteScalarAsync(_ct);
        api.Services.GetRequiredService<ContentGeneration>().Advance();
        return result;
    }

    /// A minute later, three articles published now (the newest public ones), and the worker run: the horizon is theirs.
    async Task<(Caller Editor, List<string> Urls, List<Guid> Ids)> PublishThreeAsync()
    {
        api.Time.Advance(TimeSpan.FromMinutes(1));
        var editor = await api.EditorAsync();
        var author = await editor.NewAuthorIdAsync();
        List<string> urls = [];
        List<Guid> ids = [];
        for (var i = 0; i < ReadyHorizonApi.Newest; i++)
        {
            var (article, _, url) = await editor.CreateArticleAsync(Requests.Article(author.ToString()));
            var published = await editor.Client.PostJsonAsync($"{url}/publish", new { });
            published.StatusCode.ShouldBe(HttpStatusCode.OK, await published.Content.ReadAsStringAsync(_ct));
            urls.Add(url);
            ids.Add(article.GetProperty("id").GetGuid());
        }
        await CatchUpAsync();
        return (editor, urls, ids);
    }

    /// Marks every stored fragment, so that a body holding the mark was read from the ready-made items.
    Task MarkAsync() => ExecuteAsync("""
        UPDATE feed_items_ready SET rss = convert_to(replace(convert_from(rss, 'UTF8'), '<title>', '<title>ready-made '), 'UTF8'),
            atom = convert_to(replace(convert_from(atom, 'UTF8'), '<title', '<title>ready-made</title><title'), 'UTF8'),
            news = convert_to(replace(convert_from(news, 'UTF8'), '<news:title>', '<news:title>ready-made '), 'UTF8')
        WHERE rss IS NOT NULL
        """);

    /// Empties the marked fragments and lets the worker render them again.
    async Task UnmarkAsync()
    {
        await ExecuteAsync("UPDATE feed_items_ready SET rss = NULL");
        await CatchUpAsync();
    }

    [Fact]
    public async Task The_Table_Keeps_Only_The_Newest_K_Public_Articles_And_The_Scheduled_Ones()
    {
        var (_, _, ids) = await PublishThreeAsync();
        var now = api.Time.GetUtcNow().UtcDateTime;
        ((long)(await ExecuteAsync("SELECT count(*) FROM feed_items_ready WHERE published_at <= $1", now))!).ShouldBe(ReadyHorizonApi.Newest);
        ((long)(await ExecuteAsync("SELECT count(*) FROM feed_items_ready WHERE published_at <= $1 AND article_id = ANY($2)", now, ids.ToArray()))!)
            .ShouldBe(ReadyHorizonApi.Newest);
        ((DateTime)(await ExecuteAsync("SELECT horizon FROM feed_items_ready_progress"))!).ShouldBe(now);
        // Every scheduled article keeps its row; nothing else is left.
        ((long)(await ExecuteAsync("""
            SELECT count(*) FROM articles a WHERE a.deleted_at IS NULL AND a.published_at IS NOT NULL AND a.status = 'scheduled'
                AND NOT EXISTS (SELECT 1 FROM feed_items_ready r WHERE r.article_id = a.id)
            """))!).ShouldBe(0);
        ((long)(await ExecuteAsync("""
            SELECT count(*) FROM feed_items_ready r JOIN articles a ON a.id = r.article_id
            WHERE r.published_at < $1 AND a.status <> 'scheduled'
            """, now))!).ShouldBe(0);
        ((long)(await ExecuteAsync("SELECT count(*) FROM articles WHERE article_is_public(status, deleted_at, published_at, $1)", now))!)
            .ShouldBeGreaterThan(ReadyHorizonApi.Newest + 2);
    }

    [Fact]
    public async Task Feeds_Up_To_K_Items_Are_Read_From_The_Ready_Items_And_Longer_Ones_From_The_Query_Path_With_The_Same_Bytes()
    {
        await PublishThreeAsync();
        await SameAsync();

        await MarkAsync();
        (await _ready.GetStringAsync("/api/v1/feeds/rss?limit=1", _ct)).ShouldContain("<title>ready-made ");
        (await _ready.GetStringAsync("/api/v1/feeds/atom?limit=3", _ct)).ShouldContain("<title>ready-made</title>");
        // Four items reach below the horizon: the query path answers (the 4th article has no row).
        (await _ready.GetStringAsync("/api/v1/feeds/rss?limit=4", _ct)).ShouldNotContain("ready-made");
        (await _ready.GetStringAsync("/api/v1/feeds/atom", _ct)).ShouldNotContain("ready-made");
        await UnmarkAsync();
        await SameAsync();
    }

    [Fact]
    public async Task A_Trashed_Or_Unpublished_Newest_Article_Lets_An_Older_One_Below_The_Horizon_Into_The_Feed()
    {
        var (editor, urls, ids) = await PublishThreeAsync();
        var fourth = (await _ready.GetStringAsync("/api/v1/feeds/rss?limit=4", _ct)).Split("urn:uuid:")[^1][..36];
        ((long)(await ExecuteAsync("SELECT count(*) FROM feed_items_ready WHERE article_id = $1", Guid.Parse(fourth)))!).ShouldBe(0);

        var trashed = await editor.Client.GetAsync(urls[2], _ct);
        (await editor.Client.DeleteAsync(urls[2], trashed.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        (await editor.Client.PostJsonAsync($"{urls[1]}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The newest article moved a day back, below the horizon, loses its row.
        (await editor.Client.PostJsonAsync($"{urls[0]}/publish", new { publishAt = api.Time.GetUtcNow().UtcDateTime.AddDays(-1).ToString("O") }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        ((long)(await ExecuteAsync("SELECT count(*) FROM feed_items_ready WHERE article_id = ANY($1)", ids.ToArray()))!).ShouldBe(0);

        (await SameAsync())["/api/v1/feeds/atom?limit=3"].ShouldContain($"urn:uuid:{fourth}");
        // The worker never moves the horizon back: the feeds stay with the query path until newer articles are published.
        await CatchUpAsync();
        (await SameAsync())["/api/v1/feeds/atom?limit=3"].ShouldContain($"urn:uuid:{fourth}");
        await PublishThreeAsync();
        await SameAsync();
    }

    [Fact]
    public async Task The_News_Sitemap_Is_Read_From_The_Ready_Items_Only_When_Its_48_Hours_Are_All_After_The_Horizon()
    {
        await PublishThreeAsync();
        await MarkAsync();
        // The three newest were published now: the last 48 hours reach below the horizon.
        (await _ready.GetStringAsync("/api/v1/sitemaps/news.xml", _ct)).ShouldNotContain("ready-made");
        await UnmarkAsync();
        await SameAsync();

        // 48 hours later the window starts at the horizon: every article in it has a row.
        api.Time.Advance(TimeSpan.FromHours(48));
        await ExecuteAsync("SELECT 1");
        await SameAsync();
        await MarkAsync();
        (await _ready.GetStringAsync("/api/v1/sitemaps/news.xml", _ct)).ShouldContain("<news:title>ready-made ");
        await UnmarkAsync();
    }
}
