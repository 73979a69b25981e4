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

/// Notes, per request id (header X-Test-Sql-Count), whether a statement checked q on rows found by its core (ts_match_vq).
public sealed class CoreChecks(IHttpContextAccessor http) : DbCommandInterceptor
{
    readonly ConcurrentDictionary<string, bool> _checks = new();

    public bool CheckedFor(string id) => _checks.GetValueOrDefault(id);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (http.HttpContext?.Request.Headers[SqlCommandCounter.Header].ToString() is { Length: > 0 } id && command.CommandText.Contains("ts_match_vq"))
            _checks[id] = true;
        return ValueTask.FromResult(result);
    }
}

/// An API that notes when a search went through SearchCore; Search:PrefixCore is changed at run time (`on`, `off`, `auto`), and the
/// RUM window is off so that every page is the GIN path's.
public class SearchCoreApi : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Search:RumWindow", "off");
        // Both modes ask the same URLs: no response cache, so each is answered by its own SQL.
        builder.UseSetting("Caching:Enabled", "false");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<CoreChecks>();
            services.ConfigureDbContext<ArticlesDb>((sp, options) => options.AddInterceptors(sp.GetRequiredService<CoreChecks>()));
        });
    }

    public void SetCore(string mode) => Services.GetRequiredService<IConfiguration>()["Search:PrefixCore"] = mode;

    /// A search's `data`, `meta.total` and `meta.nextCursor`, and whether it checked q on its core's rows.
    public async Task<(string Page, string? Total, string? Next, bool Checked)> SearchAsync(HttpClient client, string query, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles?{query}");
        request.Headers.Add(SqlCommandCounter.Header, id);
        var response = await client.SendAsync(request, ct);
        var json = await response.Content.ReadAsStringAsync(ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, json);
        using var document = JsonDocument.Parse(json);
        var meta = document.RootElement.GetProperty("meta");
        string? Member(string name) => meta.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetRawText() : null;
        return (document.RootElement.GetProperty("data").GetRawText(), Member("total"), Member("nextCursor"),
            Services.GetRequiredService<CoreChecks>().CheckedFor(id));
    }
}

public sealed class SearchCoreTests(SearchCoreApi api) : IClassFixture<SearchCoreApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_Prefix_Checked_On_Its_Cores_Rows_Answers_As_The_Whole_Query_Through_The_Index()
    {
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        // Every article has "vorbano"; only some a word starting with "trat" (in its own language), so a core left unchecked lists too many.
        var articles = new List<Article>
        {
            Fakes.Article("Vorbano tratta la pace", markdown: "Nessuna notizia.", publishedAt: now.AddMinutes(-1)),
            Fakes.Article("Vorbano e il trattato", markdown: "Il trattato di Vorbano.", publishedAt: now.AddMinutes(-2)),
            Fakes.Article("Vorbano senza altro", markdown: "Nessuna notizia.", publishedAt: now.AddMinutes(-3)),
            Fakes.Article("Vorbano trattoria far", language: "en", markdown: "No news.", publishedAt: now.AddMinutes(-4)),
            Fakes.Article("Vorbano stays home", language: "en", markdown: "No news.", publishedAt: now.AddMinutes(-5)),
            Fakes.Article("Vorbano tratado", language: "pt-BR", markdown: "Sem notícias.", publishedAt: now.AddMinutes(-6)),
            Fakes.Article("Vorbano tra poco", markdown: "La pace tornerà.", publishedAt: now.AddMinutes(-7)),
            Fakes.Article("Vorbano trattiene in bozza", status: ArticleStatus.Draft, markdown: "Nessuna notizia."),
            Fakes.Article("Vorbano trattenuto domani", status: ArticleStatus.Scheduled, markdown: "Nessuna notizia.", publishedAt: now.AddDays(1)),
        };
        articles.AddRange(Enumerable.Range(0, 6).Select(i => Fakes.Article($"Trattato numero {i}", markdown: "Il trattato firmato.",
            publishedAt: now.AddMinutes(-10 - i))));
        await data.AddAsync(articles, _ct);
        var editor = (await api.EditorAsync()).Client;

        (HttpClient Client, string Query)[] searches =
        [
            (_client, "q=vorbano%20trat"), (_client, "q=vorbano%20trat&total=true"), (_client, "q=vorbano%20trat&language=it&total=true"),
            (_client, "q=vorbano%20trat&language=en"), (_client, "q=vorbano%20trat&language=pt"), (_client, "q=vorbano%20trat&sort=-publishedAt&total=true"),
            (_client, "q=vorbano%20trattato&facets=language"), (_client, "q=vorbano%20trat&limit=2"),
            (editor, "q=vorbano%20-pace%20trat&total=true"), (editor, "q=%22vorbano%20tratta%22%20trat"), (editor, "q=vorbano%20trat&status=any"),
        ];
        foreach (var (client, query) in searches)
        {
            api.SetCore("off");
            var whole = await api.SearchAsync(client, query, _ct);
            api.SetCore("on");
            var core = await api.SearchAsync(client, query, _ct);
            whole.Checked.ShouldBeFalse(query);
            core.Checked.ShouldBeTrue(query);
            core.Page.ShouldBe(whole.Page, query);
            core.Total.ShouldBe(whole.Total, query);
            core.Next.ShouldBe(whole.Next, query);
            whole.Page.ShouldContain("\"id\"", customMessage: query);
            whole.Page.ShouldNotContain("senza altro", customMessage: query);
            whole.Page.ShouldNotContain("stays home", customMessage: query);
            whole.Page.ShouldNotContain("tra poco", customMessage: query);
        }
        // The second page of a relevance search (its cursor) is the same too.
        api.SetCore("off");
        var next = (await api.SearchAsync(_client, "q=vorbano%20trat&limit=2", _ct)).Next!.Trim('"');
        var after = $"q=vorbano%20trat&limit=2&cursor={Uri.EscapeDataString(next)}";
        var wholeNext = await api.SearchAsync(_client, after, _ct);
        api.SetCore("on");
        var coreNext = await api.SearchAsync(_client, after, _ct);
        coreNext.Checked.ShouldBeTrue();
        coreNext.Page.ShouldBe(wholeNext.Page);
        wholeNext.Page.ShouldContain("\"id\"");
    }

    [Fact]
    public async Task Queries_Without_A_Core_Keep_The_Whole_Query()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Fakes.Article("Quembra trasloca", markdown: "Nessuna notizia.", publishedAt: DateTime.UtcNow.AddMinutes(-1)), _ct);
        api.SetCore("on");

        // A prefix alone, or in an `or`, is all there is to match: nothing to leave it out of. No prefix (a full stop), nothing to do.
        foreach (var query in new[] { "q=trasl", "q=quembra%20or%20trasl", "q=quembra%20trasloca." })
        {
            var search = await api.SearchAsync(_client, query, _ct);
            search.Checked.ShouldBeFalse(query);
            search.Page.ShouldContain("Quembra", customMessage: query);
        }
    }

    [Fact]
    public async Task A_Rare_Word_With_A_Common_Prefix_Goes_Through_Its_Core_And_A_Common_Word_Does_Not()
    {
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var rare = await data.AddAsync(Fakes.Article("Zelquoro e il trombetto", markdown: "Una notizia.", publishedAt: now.AddMinutes(-1)), _ct);
        await data.AddAsync(Enumerable.Range(0, 60).Select(i => Fakes.Article($"Trombetto {i}", markdown: "Il trombetto suona.",
            publishedAt: now.AddMinutes(-2 - i))).ToList(), _ct);
        await using (var db = api.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles", _ct);
        api.SetCore("auto");

        // On a table this small PostgreSQL cannot estimate a prefix (fewer than 100 frequent lexemes) and says 2 % of the rows:
        // more than a rare word (`zelquoro`), less than one in every article (`trombetto`).
        var byRare = await api.SearchAsync(_client, "q=zelquoro%20tromb", _ct);
        var byCommon = await api.SearchAsync(_client, "q=trombetto%20zelq", _ct);

        byRare.Checked.ShouldBeTrue();
        byRare.Page.ShouldContain(rare.Id.ToString());
        byCommon.Checked.ShouldBeFalse();
        byCommon.Page.ShouldContain(rare.Id.ToString());
    }
}
