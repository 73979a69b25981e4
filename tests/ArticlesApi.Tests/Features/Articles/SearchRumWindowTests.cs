using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Text.Json;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// Notes, per request id (header X-Test-Sql-Count), whether the API read the RUM side table (SearchWindow).
public sealed class RumWindowReads(IHttpContextAccessor http) : DbCommandInterceptor
{
    readonly ConcurrentDictionary<string, bool> _reads = new();
    readonly ConcurrentDictionary<string, bool> _coreChecks = new();
    readonly ConcurrentDictionary<string, bool> _counts = new();
    readonly ConcurrentDictionary<string, bool> _bitmaps = new();
    readonly ConcurrentDictionary<string, string> _cores = new();

    public bool ReadFor(string id) => _reads.GetValueOrDefault(id);

    /// Whether the side table was read by q's core, q checked on its rows (SearchWindow's core window).
    public bool CheckedCoreFor(string id) => _coreChecks.GetValueOrDefault(id);

    /// The parameters (as text, one per line) of the statement that read the core window, or null.
    public string? CoreFor(string id) => _cores.GetValueOrDefault(id);

    /// Whether the side table's rows were counted (SearchTotal counting a window's matches).
    public bool CountedFor(string id) => _counts.GetValueOrDefault(id);

    /// Whether q's newest matches were read by GIN's bitmap of its AND (SearchAndBitmap).
    public bool BitmapFor(string id) => _bitmaps.GetValueOrDefault(id);

    void Note(DbCommand command)
    {
        if (http.HttpContext?.Request.Headers[SqlCommandCounter.Header].ToString() is { Length: > 0 } bitmapId
            && command.CommandText.Contains("search_and_bitmap"))
            _bitmaps[bitmapId] = true;
        // The side table itself (not article_search_postings_configs, which SearchWindow reads whenever it could route, nor the
        // name of the keys' index, which the routers' catalog looks up), by a window: the reads of the terms' GIN index (SearchMatchSet,
        // SearchKeyedCount, the rows without prefixes: for what the windows do not serve) are not.
        if (http.HttpContext?.Request.Headers[SqlCommandCounter.Header].ToString() is { Length: > 0 } id
            && System.Text.RegularExpressions.Regex.IsMatch(command.CommandText, "article_search_postings(?!_configs|_keys_rum')")
            && !System.Text.RegularExpressions.Regex.IsMatch(command.CommandText, @"/\* search_(match_set|keyed_count|terms_omitted)"))
        {
            _reads[id] = true;
            if (command.CommandText.Contains("article_search_postings_core_window"))
            {
                _coreChecks[id] = true;
                _cores[id] = string.Join("\n", command.Parameters.Cast<DbParameter>().Select(p => p.Value?.ToString()));
            }
            if (command.CommandText.Contains("count(*)", StringComparison.OrdinalIgnoreCase))
                _counts[id] = true;
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }
}

/// An API whose database has the `rum` extension (scripts/db.sh creates it in template1) and which notes its RUM reads.
/// Search:RumWindow is changed at run time by the tests (`on`, `off`, `auto`); each class has a database of its own.
public class RumWindowApi : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<RumWindowReads>();
            services.ConfigureDbContext<ArticlesDb>((sp, options) => options.AddInterceptors(sp.GetRequiredService<RumWindowReads>()));
        });
    }

    public void SetWindow(string mode) => Services.GetRequiredService<IConfiguration>()["Search:RumWindow"] = mode;

    public void SetCore(string mode) => Services.GetRequiredService<IConfiguration>()["Search:PrefixCore"] = mode;

    /// Search:MatchSet: `off` keeps the RUM window's own routes where every match read first would be cheaper (tests of those routes).
    public void SetMatchSet(string mode) => Services.GetRequiredService<IConfiguration>()["Search:MatchSet"] = mode;

    /// Whether the request with this id read the side table through q's core (SearchAsync's id is its X-Test-Sql-Count header).
    public bool CheckedCore(string id) => Services.GetRequiredService<RumWindowReads>().CheckedCoreFor(id);

    /// The parameters of the statement by which the request with this id read the core window (null: none did).
    public string? Core(string id) => Services.GetRequiredService<RumWindowReads>().CoreFor(id);

    /// Whether the request with this id read q's newest matches by GIN's bitmap of its AND (SearchAndBitmap).
    public bool ReadBitmap(string id) => Services.GetRequiredService<RumWindowReads>().BitmapFor(id);

    public void SetBitmap(string mode) => Services.GetRequiredService<IConfiguration>()["Search:AndBitmap"] = mode;

    /// A search's `data` and `meta.nextCursor`, and whether it read the side table. `again`: the same page asked with
    /// `total=false` added, so the response cache does not answer it from the first request.
    public async Task<(string Page, string? Next, bool ReadRum, string? Total)> SearchAsync(HttpClient client, string query, CancellationToken ct, bool again = false,
        string? id = null)
    {
        id ??= Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles?{query}{(again ? "&total=false" : "")}");
        request.Headers.Add(SqlCommandCounter.Header, id);
        var response = await client.SendAsync(request, ct);
        var json = await response.Content.ReadAsStringAsync(ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, json);
        using var document = JsonDocument.Parse(json);
        var meta = document.RootElement.GetProperty("meta");
        var next = meta.TryGetProperty("nextCursor", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null;
        var total = meta.TryGetProperty("total", out var counted) && counted.ValueKind == JsonValueKind.Number ? counted.GetRawText() : null;
        return (document.RootElement.GetProperty("data").GetRawText(), next, Services.GetRequiredService<RumWindowReads>().ReadFor(id), total);
    }
}

public sealed class SearchRumWindowTests(RumWindowApi api) : IClassFixture<RumWindowApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Rum_Window_Answers_The_Same_Pages_As_The_Gin_Path()
    {
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var articles = Enumerable.Range(0, 12).Select(i => Fakes.Article(
                i % 3 == 0 ? $"Quorvex a Vienna {i}" : $"Vertice numero {i}",
                language: i % 4 == 1 ? "en" : i % 4 == 2 ? "pt-BR" : "it",
                markdown: i % 3 == 0 ? "Nessuna notizia." : $"Il quorvex è stato firmato {i} volte, con i quorvexi.",
                publishedAt: now.AddMinutes(-10 * i - 5)))
            .Append(Fakes.Article("Quorvex in arrivo", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(2)))
            .Append(Fakes.Article("Quorvex in bozza", status: ArticleStatus.Draft))
            .Append(Fakes.Article("Quorvex cestinato", publishedAt: now.AddMinutes(-1)))
            .Append(Fakes.Article("Quorvex ritirato", publishedAt: now.AddMinutes(-2)))
            .Append(Fakes.Article("Altro", markdown: "Blentami e altro.", publishedAt: now.AddMinutes(-3)))
            .ToList();
        await data.AddAsync(articles, _ct);
        // Out of the public set after being in it: the trigger takes them out of the side table.
        var (trashed, archived, scheduled) = (articles[^3].Id, articles[^2].Id, articles[^4].Id);
        await using (var db = api.Database.CreateContext())
        {
            await db.Articles.Where(a => a.Id == trashed).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now), _ct);
            await db.Articles.Where(a => a.Id == archived).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Archived), _ct);
        }

        string[] queries =
        [
            "q=quorvex", "q=quorvex&language=it", "q=quorvex&language=pt", "q=quorvex&language=pt-BR", "q=quorv",
            "q=quorvex%20or%20blentami", "q=quorvex&sort=-publishedAt", "q=quorvex&sort=-publishedAt&language=it",
        ];
        var compared = 0;
        foreach (var query in queries)
        {
            foreach (var limit in new[] { 3, 20 })
            {
                api.SetWindow("off");
                var gin = await api.SearchAsync(_client, $"{query}&limit={limit}", _ct);
                api.SetWindow("on");
                var rum = await api.SearchAsync(_client, $"{query}&limit={limit}", _ct, again: true);
                gin.ReadRum.ShouldBeFalse(query);
                rum.ReadRum.ShouldBeTrue(query);
                rum.Page.ShouldBe(gin.Page, query);
                rum.Next.ShouldBe(gin.Next, query);
                gin.Page.ShouldContain("\"id\"", customMessage: query);
                foreach (var gone in new[] { trashed, archived, scheduled })
                    gin.Page.ShouldNotContain(gone.ToString());
                compared++;
                if (gin.Next is null)
                    continue;
                // The next page (a cursor: newest first keeps today's walk, relevance pages the same window).
                var after = $"{query}&limit={limit}&cursor={Uri.EscapeDataString(gin.Next)}";
                api.SetWindow("off");
                var ginNext = await api.SearchAsync(_client, after, _ct);
                api.SetWindow("on");
                var rumNext = await api.SearchAsync(_client, after, _ct, again: true);
                rumNext.Page.ShouldBe(ginNext.Page, after);
                ginNext.Page.ShouldContain("\"id\"", customMessage: after);
            }
        }
        compared.ShouldBe(queries.Length * 2);
    }

    [Fact]
    public async Task The_Window_Page_Ranks_The_Exact_Word_First_And_Equal_Ranks_By_Id()
    {
        // The page read through the window orders as the GIN path does: by rank (the exact word in the title, then in a body,
        // then a longer word it starts), equal ranks by id descending (PostgreSQL compares uuids byte by byte: their text order),
        // across a cursor too; asked more than 5 times, past Npgsql's auto-prepare threshold, should the page ever be prepared.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var inBody = await data.AddAsync(Fakes.Article("Officials in the north", language: "en", markdown: "They spoke of the zorblat at length.",
            publishedAt: now.AddMinutes(-1)), _ct);
        var longerInTitle = await data.AddAsync(Fakes.Article("Zorblatkins in the north", language: "en", markdown: "Officials spoke.",
            publishedAt: now.AddMinutes(-2)), _ct);
        var twins = await data.AddAsync(Enumerable.Range(0, 2).Select(i => Fakes.Article("A zorblat in the north", language: "en",
            markdown: "Officials spoke.", publishedAt: now.AddMinutes(-3 - i))).ToList(), _ct);
        Guid[] expected = [.. twins.Select(a => a.Id).OrderByDescending(id => id.ToString()), inBody.Id, longerInTitle.Id];

        api.SetWindow("off");
        var gin = await api.SearchAsync(_client, "q=zorblat", _ct);
        Ids(gin.Page).ShouldBe(expected);
        api.SetWindow("on");
        for (var limit = 4; limit <= 10; limit++)
        {
            var rum = await api.SearchAsync(_client, $"q=zorblat&limit={limit}", _ct);
            rum.ReadRum.ShouldBeTrue();
            Ids(rum.Page).ShouldBe(expected, $"limit={limit}");
        }
        var first = await api.SearchAsync(_client, "q=zorblat&limit=2", _ct);
        var second = await api.SearchAsync(_client, $"q=zorblat&limit=2&cursor={Uri.EscapeDataString(first.Next!)}", _ct);
        Ids(first.Page).Concat(Ids(second.Page)).ShouldBe(expected);
    }

    static Guid[] Ids(string page) => [.. JsonDocument.Parse(page).RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetGuid())];

    [Fact]
    public async Task The_Window_Finds_Articles_In_A_Language_Written_For_The_First_Time()
    {
        // Without a language filter the window asks only for the configurations the side table has articles in
        // (article_search_postings_configs): an article in a new language, or moved to one, must add its configuration.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var swedish = await data.AddAsync(Fakes.Article("Glimforsk i Stockholm", language: "sv", markdown: "Glimforsk idag.",
            publishedAt: now.AddMinutes(-1)), _ct);
        var moved = await data.AddAsync(Fakes.Article("Glimforsk a Roma", markdown: "Il glimforsk.", publishedAt: now.AddMinutes(-2)), _ct);
        await using (var db = api.Database.CreateContext())
            await db.Articles.Where(a => a.Id == moved.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Language, "da"), _ct);

        foreach (var query in new[] { "q=glimforsk", "q=glimfor", "q=glimforsk&sort=-publishedAt" })
        {
            api.SetWindow("off");
            var gin = await api.SearchAsync(_client, query, _ct);
            api.SetWindow("on");
            var rum = await api.SearchAsync(_client, query, _ct, again: true);
            rum.ReadRum.ShouldBeTrue(query);
            rum.Page.ShouldBe(gin.Page, query);
            rum.Page.ShouldContain(swedish.Id.ToString(), customMessage: query);
            rum.Page.ShouldContain(moved.Id.ToString(), customMessage: query);
        }
    }

    [Fact]
    public async Task Filters_The_Window_Cannot_Answer_Keep_The_Gin_Path()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Fakes.Article("Snorbleto a Roma", publishedAt: DateTime.UtcNow.AddMinutes(-1)), _ct);
        api.SetWindow("on");

        (await api.SearchAsync(_client, $"q=snorbleto&tag={data.Tag.Slug}", _ct)).ReadRum.ShouldBeFalse();
        (await api.SearchAsync(_client, "q=snorbleto&sort=publishedAt", _ct)).ReadRum.ShouldBeFalse();
        (await api.SearchAsync(_client, "q=snorbleto", _ct)).ReadRum.ShouldBeTrue();
    }

    [Fact]
    public async Task A_Rare_Word_Goes_Through_The_Rum_Window_And_A_Common_Word_Does_Not()
    {
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var rare = await data.AddAsync(Fakes.Article("Zantraxo nel porto", markdown: "Una notizia.", publishedAt: now.AddMinutes(-1)), _ct);
        await data.AddAsync(Enumerable.Range(0, 60).Select(i => Fakes.Article($"Plimbolo {i}", markdown: "Il plimbolo cresce.",
            publishedAt: now.AddMinutes(-2 - i))).ToList(), _ct);
        await using (var db = api.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        api.SetWindow("auto");

        // A final full stop: no prefix match on the last word, whose estimate PostgreSQL cannot make on a table this small
        // (fewer than 100 frequent lexemes to test the prefix on; at 1M it can).
        var byRare = await api.SearchAsync(_client, "q=zantraxo.", _ct);
        var byCommon = await api.SearchAsync(_client, "q=plimbolo.", _ct);

        byRare.ReadRum.ShouldBeTrue();
        byRare.Page.ShouldContain(rare.Id.ToString());
        byCommon.ReadRum.ShouldBeFalse();
        JsonDocument.Parse(byCommon.Page).RootElement.GetArrayLength().ShouldBe(20);
    }

    [Fact]
    public async Task A_Rare_Core_Read_Newest_First_From_Rum_And_Checked_Against_Q_Answers_The_Same_Pages_As_The_Gin_Path()
    {
        // Every article has "zorvanti"; the five newest have no word starting with "trat" in their own language, so a window that
        // took the core's newest rows before checking q (or did not check it) lists too few or too many.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var articles = Enumerable.Range(0, 5).Select(i => Fakes.Article($"Zorvanti senza altro {i}", language: i % 2 == 0 ? "it" : "en",
                markdown: "Nessuna notizia.", publishedAt: now.AddMinutes(-1 - i)))
            .Concat(Enumerable.Range(0, 9).Select(i => Fakes.Article(
                i % 3 == 0 ? $"Zorvanti e il trattato {i}" : i % 3 == 1 ? $"Zorvanti at the trattoria {i}" : $"Zorvanti e o tratado {i}",
                language: i % 3 == 0 ? "it" : i % 3 == 1 ? "en" : "pt-BR", markdown: "Una notizia.", publishedAt: now.AddMinutes(-10 - i))))
            .Append(Fakes.Article("Zorvanti trattato domani", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)))
            .Append(Fakes.Article("Zorvanti trattato cestinato", publishedAt: now.AddMinutes(-2)))
            .ToList();
        await data.AddAsync(articles, _ct);
        var trashed = articles[^1].Id;
        await using (var db = api.Database.CreateContext())
            await db.Articles.Where(a => a.Id == trashed).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now), _ct);
        api.SetCore("on");

        string[] queries =
        [
            "q=zorvanti%20trat", "q=zorvanti%20trat&sort=-publishedAt", "q=zorvanti%20trat&language=it", "q=zorvanti%20trat&language=pt",
            "q=zorvanti%20trat&sort=-publishedAt&language=en", "q=zorvanti%20tra", "q=zorvanti%20trat&total=true",
            "q=zorvanti%20trat&language=pt&total=true", "q=zorvanti%20tra&sort=-publishedAt&total=true",
        ];
        try
        {
            foreach (var query in queries)
                foreach (var limit in new[] { 2, 20 })
                {
                    var url = $"{query}&limit={limit}";
                    api.SetWindow("off");
                    var gin = await api.SearchAsync(_client, url, _ct);
                    api.SetWindow("on");
                    var id = Guid.NewGuid().ToString("N");
                    // Asked with another URL than the GIN path's, so the response cache does not answer it (`again` would undo total=true).
                    var counts = query.Contains("total");
                    var rum = await api.SearchAsync(_client, counts ? url + "&status=published" : url, _ct, again: !counts, id: id);
                    api.CheckedCore(id).ShouldBeTrue(url);
                    gin.ReadRum.ShouldBeFalse(url);
                    rum.Page.ShouldBe(gin.Page, url);
                    rum.Next.ShouldBe(gin.Next, url);
                    // Counted through the core too (SearchWindow.Window.Matches), exactly: the scheduled and the trashed article stay out.
                    rum.Total.ShouldBe(gin.Total, url);
                    if (query.Contains("total"))
                        gin.Total.ShouldNotBeNull(url);
                    gin.Page.ShouldContain("\"id\"", customMessage: url);
                    // `tra` is an Italian stop word: in Italian q is `zorvanti` alone.
                    if (query.Split('&')[0] != "q=zorvanti%20tra")
                        gin.Page.ShouldNotContain("senza altro", customMessage: url);
                    gin.Page.ShouldNotContain(trashed.ToString(), customMessage: url);
                    gin.Page.ShouldNotContain("domani", customMessage: url);
                    if (limit == 2 && query.Contains("sort"))
                        JsonDocument.Parse(gin.Page).RootElement.GetArrayLength().ShouldBe(2, url);
                }
        }
        finally
        {
            api.SetCore("auto");
        }
    }

    [Fact]
    public async Task With_A_Language_Filter_The_Core_Window_Reads_The_Core_In_That_Language_Only()
    {
        // The window reads the core's rows newest first and keeps the language's: keyed in the other languages too, it read their
        // matches only to reject them (at 1M `les ces tanker&language=es` read 28,897 French rows for `le`, and found none).
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var italian = await data.AddAsync(Fakes.Article("Plorvani e il trattato", language: "it", markdown: "Una notizia.", publishedAt: now.AddMinutes(-30)), _ct);
        await data.AddAsync(Enumerable.Range(0, 6).Select(i => Fakes.Article($"Plorvani and the trattoria {i}", language: "en",
            markdown: "News.", publishedAt: now.AddMinutes(-1 - i))).ToList(), _ct);
        api.SetCore("on");
        api.SetWindow("on");
        try
        {
            var id = Guid.NewGuid().ToString("N");
            var page = await api.SearchAsync(_client, "q=plorvani%20trat&language=it&sort=-publishedAt&limit=2", _ct, id: id);

            page.Page.ShouldContain(italian.Id.ToString());
            JsonDocument.Parse(page.Page).RootElement.GetArrayLength().ShouldBe(1);
            api.Core(id).ShouldNotBeNull();
            // The core and q, keyed as the side table keys them (`'italian plorvan'`).
            api.Core(id)!.ShouldContain("'italian plorv");
            api.Core(id)!.ShouldNotContain("'english ");
        }
        finally
        {
            api.SetCore("auto");
            api.SetWindow("auto");
        }
    }

    [Fact]
    public async Task A_Rare_Word_With_A_Common_Prefix_Reads_Its_Core_From_Rum_And_A_Common_Word_Does_Not()
    {
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var rare = await data.AddAsync(Fakes.Article("Gravunzo e il frembolo", markdown: "Una notizia.", publishedAt: now.AddMinutes(-1)), _ct);
        await data.AddAsync(Enumerable.Range(0, 60).Select(i => Fakes.Article($"Frembolo {i}", markdown: "Il frembolo suona.",
            publishedAt: now.AddMinutes(-2 - i))).ToList(), _ct);
        await using (var db = api.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        api.SetWindow("auto");
        // The core window's route itself: on a table this small every match read first would cost as little.
        api.SetMatchSet("off");

        // As in SearchCoreTests: on a table this small a prefix is estimated at 2 % of the rows, more than `gravunzo`, less than `frembolo`.
        var (rareId, commonId) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        var byRare = await api.SearchAsync(_client, "q=gravunzo%20fremb", _ct, id: rareId);
        var byCommon = await api.SearchAsync(_client, "q=frembolo%20gravu", _ct, id: commonId);
        api.SetMatchSet("auto");

        api.CheckedCore(rareId).ShouldBeTrue();
        byRare.Page.ShouldContain(rare.Id.ToString());
        api.CheckedCore(commonId).ShouldBeFalse();
        byCommon.ReadRum.ShouldBeFalse();
        byCommon.Page.ShouldContain(rare.Id.ToString());
    }

    [Fact]
    public async Task A_Rare_Word_With_A_Common_One_Keeps_The_Gin_Path()
    {
        // RUM reads the postings of every word of q before ordering them: `and` and phrases are routed on the words' OR.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var both = await data.AddAsync(Fakes.Article("Quindaro e trembolo", markdown: "Il trembolo.", publishedAt: now.AddMinutes(-1)), _ct);
        await data.AddAsync(Enumerable.Range(0, 60).Select(i => Fakes.Article($"Trembolo {i}", markdown: "Il trembolo sale.",
            publishedAt: now.AddMinutes(-2 - i))).ToList(), _ct);
        await using (var db = api.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        api.SetWindow("auto");

        var byRare = await api.SearchAsync(_client, "q=quindaro.", _ct);
        var byBoth = await api.SearchAsync(_client, "q=quindaro%20trembolo.", _ct);

        byRare.ReadRum.ShouldBeTrue();
        byBoth.ReadRum.ShouldBeFalse();
        byBoth.Page.ShouldContain(both.Id.ToString());
        JsonDocument.Parse(byBoth.Page).RootElement.GetArrayLength().ShouldBe(1);
    }
    [Fact]
    public async Task The_Router_Estimates_A_Query_As_The_Planner_Does()
    {
        // SearchEstimate computes in the API what EXPLAIN gave the router: the planner's rows for `vector || marker @@ q`
        // from pg_stats (a lexeme kept as common, a rare one, a prefix, `or`, `and`, `not`), refreshed after an ANALYZE.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        await data.AddAsync(Enumerable.Range(0, 40).Select(i => Fakes.Article(i % 3 == 0 ? $"Brandolo a Vienna {i}" : $"Consiglio numero {i}",
            markdown: i % 4 == 0 ? "Il brandolo parte." : "Nessuna notizia dal consiglio.", publishedAt: now.AddMinutes(-1 - i))).ToList(), _ct);
        await using var db = api.Database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("ANALYZE articles", _ct);
        var table = await db.Database.SqlQuery<AnalyzedTable>($"""
            SELECT c.reltuples::float8 AS rows, greatest(pg_stat_get_last_analyze_time(c.oid), pg_stat_get_last_autoanalyze_time(c.oid)) AS analyzed
            FROM pg_class AS c WHERE c.oid = 'articles'::regclass
            """).SingleAsync(_ct);
        var common = await db.Database.SqlQuery<string>($"""
            SELECT e AS "Value" FROM pg_stats AS s, unnest(s.most_common_elems::text::text[]) AS e
            WHERE s.tablename = 'ix_articles_search_vector_marked' AND e NOT LIKE 'config %'
            """).ToListAsync(_ct);
        common.Count.ShouldBeGreaterThan(2);
        string Quoted(string lexeme) => "'" + lexeme.Replace("'", "''") + "'";
        var (a, b) = (Quoted(common[0]), Quoted(common[^1]));
        string[] queries = [a, $"{a} | {b}", $"{a} & {b}", $"!{a}", $"{Quoted(common[0][..Math.Min(3, common[0].Length)])}:*", "'zzyzxunknown'",
            "'zzyzxunknown':*", $"{a} | 'zzyzxunknown'"];
        await db.Database.OpenConnectionAsync(_ct);
        foreach (var text in queries)
        {
            var query = await db.Database.SqlQuery<NpgsqlTypes.NpgsqlTsQuery>($"SELECT {text}::tsquery AS \"Value\"").SingleAsync(_ct);
            await using var explain = db.Database.GetDbConnection().CreateCommand();
            explain.CommandText = "EXPLAIN (FORMAT JSON) SELECT FROM articles AS a WHERE (a.search_vector || articles_search_marker(a.language)) @@ @q";
            explain.Parameters.Add(new Npgsql.NpgsqlParameter("q", query));
            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(_ct))!);
            var planned = plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();

            var estimated = await global::Articles.List.SearchEstimate.RowsAsync(db, table.Analyzed, table.Rows, query, null, _ct);

            Math.Max(1, Math.Round(estimated)).ShouldBe(planned, text);
        }
    }

    sealed record AnalyzedTable(double Rows, DateTime? Analyzed);
}

/// A database where the RUM index is missing (no `rum` extension, or dropped): the API answers from the GIN path.
public sealed class RumlessApi : RumWindowApi
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("DROP INDEX article_search_postings_rum");
    }
}

public sealed class SearchWithoutRumIndexTests(RumlessApi api) : IClassFixture<RumlessApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Without_The_Rum_Index_Searches_Answer_From_The_Gin_Path()
    {
        var data = new ArticleData(api);
        var treaty = await data.AddAsync(Fakes.Article("Il trattato di Quorvex", publishedAt: DateTime.UtcNow.AddMinutes(-1)), _ct);
        api.SetWindow("on");

        var page = await api.SearchAsync(_client, "q=quorvex", _ct);
        var byDate = await api.SearchAsync(_client, "q=quorvex&sort=-publishedAt&language=it", _ct);

        page.ReadRum.ShouldBeFalse();
        page.Page.ShouldContain(treaty.Id.ToString());
        byDate.ReadRum.ShouldBeFalse();
        byDate.Page.ShouldContain(treaty.Id.ToString());
    }
}

/// The core window's router on a table of its own: its estimates depend on the whole table's statistics.
public sealed class SearchCoreWindowRouterTests(SearchParseApi api) : IClassFixture<SearchParseApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_Core_Is_Not_Read_Newest_First_When_The_Prefix_Is_Common_Only_In_Another_Language_But_Every_Match_First()
    {
        // `plendravo` in 30 Italian articles, `stravinko` in 200 English ones, `numero` in 200 Italian ones (the 30 among them).
        // Over the whole table `stravin:*` is in half the rows, as if it would pass one core row in two; within Italian it is in
        // none, and the core window would read all 30 for no match (at 1M `négociations verträge`: 115 ms). `numer:*` passes.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        await data.AddAsync(
        [
            .. Enumerable.Range(0, 30).Select(i => Fakes.Article($"Plendravo numero {i}", markdown: "Una notizia.", publishedAt: now.AddMinutes(-1 - i))),
            .. Enumerable.Range(0, 200).Select(i => Fakes.Article($"Stravinko report {i}", language: "en", markdown: "The stravinko news.",
                publishedAt: now.AddMinutes(-40 - i))),
            .. Enumerable.Range(0, 170).Select(i => Fakes.Article($"Altro numero {i}", markdown: "Niente.", publishedAt: now.AddMinutes(-300 - i))),
        ], _ct);
        await using (var db = api.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        api.SetWindow("auto");
        api.SetCore("off");
        var configuration = api.Services.GetRequiredService<IConfiguration>();
        configuration[global::Articles.List.SearchWindow.CoreReadUpToSetting] = "15";
        try
        {
            var (acrossId, withinId) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
            var across = await api.SearchAsync(_client, "q=plendravo%20stravin&sort=-publishedAt&limit=1", _ct, id: acrossId);
            var within = await api.SearchAsync(_client, "q=plendravo%20numer&sort=-publishedAt&limit=1", _ct, id: withinId);

            api.CheckedCore(acrossId).ShouldBeFalse();
            across.Page.ShouldBe("[]");
            api.CheckedCore(withinId).ShouldBeTrue();
            within.Page.ShouldContain("Plendravo numero 0");
            // Fewer matches of q (none) than core rows the window would read: every match read first, where the prefix is one
            // entry of the terms' index; not for `numer:*`, whose 30 matches fill the page after the first rows read.
            api.Statements(acrossId).ShouldContain(s => s.Contains("/* search_match_set */"));
            api.Statements(withinId).ShouldNotContain(s => s.Contains("/* search_match_set */"));
            // Without the match set, the core's own router declines the window for `stravin:*` (its reads estimated within Italian).
            api.SetMatchSet("off");
            var (acrossOffId, withinOffId) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
            await api.SearchAsync(_client, "q=plendravo%20stravin&sort=-publishedAt&limit=1&status=published", _ct, id: acrossOffId);
            await api.SearchAsync(_client, "q=plendravo%20numer&sort=-publishedAt&limit=1&status=published", _ct, id: withinOffId);
            api.SetMatchSet("auto");
            api.CheckedCore(acrossOffId).ShouldBeFalse();
            api.CheckedCore(withinOffId).ShouldBeTrue();
            foreach (var query in new[] { "q=plendravo%20stravin&total=true&facets=language", "q=plendravo%20numer&total=true&limit=7",
                         "q=plendravo%20stravin&sort=-publishedAt" })
            {
                var (routed, _) = await api.GetUncachedAsync(_client, $"/api/v1/articles?{query}", _ct);
                api.SetMatchSet("off");
                var (windowed, _) = await api.GetUncachedAsync(_client, $"/api/v1/articles?{query}", _ct);
                api.SetMatchSet("auto");
                routed.ShouldBe(windowed, query);
            }
        }
        finally
        {
            api.SetCore("auto");
            api.SetMatchSet("auto");
            configuration[global::Articles.List.SearchWindow.CoreReadUpToSetting] = null;
        }
    }
}
