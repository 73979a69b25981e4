using System.Collections.Concurrent;
using System.Data.Common;
using ArticlesApi.Data;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// The text of every statement EF sends for a request, per request id (header X-Test-Sql-Count).
public sealed class StatementTexts(IHttpContextAccessor http) : DbCommandInterceptor
{
    readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _texts = new();
    readonly ConcurrentDictionary<string, ConcurrentQueue<(string, int)>> _idArrays = new();

    public IReadOnlyList<string> For(string id) => _texts.TryGetValue(id, out var texts) ? [.. texts] : [];

    /// Each statement's text with the length of its longest array of ids (0: none).
    public IReadOnlyList<(string Text, int Ids)> IdArraysFor(string id) => _idArrays.TryGetValue(id, out var read) ? [.. read] : [];

    readonly ConcurrentDictionary<string, ConcurrentQueue<SentCommand>> _commands = new();

    /// Every command the request sent, reads and writes, with its parameters and its transaction (to replay it).
    public IReadOnlyList<SentCommand> CommandsFor(string id) => _commands.TryGetValue(id, out var sent) ? [.. sent] : [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (RequestId() is { } id)
        {
            _texts.GetOrAdd(id, _ => new()).Enqueue(command.CommandText);
            _idArrays.GetOrAdd(id, _ => new()).Enqueue((command.CommandText,
                command.Parameters.Cast<DbParameter>().Select(p => p.Value is Guid[] ids ? ids.Length : 0).DefaultIfEmpty(0).Max()));
            Keep(id, command);
        }
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (RequestId() is { } id)
            Keep(id, command);
        return ValueTask.FromResult(result);
    }

    string? RequestId() => http.HttpContext?.Request.Headers[SqlCommandCounter.Header].ToString() is { Length: > 0 } id ? id : null;

    void Keep(string id, DbCommand command) => _commands.GetOrAdd(id, _ => new()).Enqueue(new(command.CommandText,
        [.. command.Parameters.Cast<Npgsql.NpgsqlParameter>().Select(p => p.Clone())], command.Transaction));
}

/// A command as sent: its text, its parameters (copies) and the transaction it ran in (null: its own).
public sealed record SentCommand(string Text, Npgsql.NpgsqlParameter[] Parameters, DbTransaction? Transaction);

public class SearchParseApi : RumWindowApi
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<StatementTexts>();
            services.ConfigureDbContext<ArticlesDb>((sp, options) => options.AddInterceptors(sp.GetRequiredService<StatementTexts>()));
        });
    }

    public IReadOnlyList<string> Statements(string id) => Services.GetRequiredService<StatementTexts>().For(id);

    /// The request's commands, reads and writes, with their parameters and transactions.
    public IReadOnlyList<SentCommand> Commands(string id) => Services.GetRequiredService<StatementTexts>().CommandsFor(id);

    /// The plans PostgreSQL makes for the request's statements that `chosen` picks, each as the API sent it: in a transaction,
    /// after the settings (`SET …`) the API sent just before it in its transaction, then rolled back. Only those: Npgsql reuses a
    /// connection's transaction object, so an earlier transaction of the request on the same connection looks the same.
    public async Task<string[]> PlansAsync(string id, Func<string, bool> chosen, CancellationToken ct)
    {
        var sent = Commands(id);
        var plans = new List<string>();
        for (var i = 0; i < sent.Count; i++)
        {
            if (!chosen(sent[i].Text))
                continue;
            var settings = new List<SentCommand>();
            for (var j = i - 1; j >= 0 && sent[i].Transaction is not null && sent[j].Transaction == sent[i].Transaction
                 && sent[j].Text.TrimStart().StartsWith("SET ", StringComparison.OrdinalIgnoreCase); j--)
                settings.Insert(0, sent[j]);
            await using var db = Database.CreateContext();
            var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            foreach (var setting in settings)
            {
                await using var set = Command(setting.Text, setting);
                await set.ExecuteNonQueryAsync(ct);
            }
            await using var explain = Command("EXPLAIN " + sent[i].Text, sent[i]);
            await using var reader = await explain.ExecuteReaderAsync(ct);
            var lines = new List<string>();
            while (await reader.ReadAsync(ct))
                lines.Add(reader.GetString(0));
            plans.Add(string.Join("\n", lines));

            Npgsql.NpgsqlCommand Command(string text, SentCommand sentCommand)
            {
                var command = new Npgsql.NpgsqlCommand(text, connection, transaction);
                foreach (var parameter in sentCommand.Parameters)
                    command.Parameters.Add(parameter.Clone());
                return command;
            }
        }
        return [.. plans];
    }

    /// The request's statements with the length of each one's longest array of ids.
    public IReadOnlyList<(string Text, int Ids)> IdArrays(string id) => Services.GetRequiredService<StatementTexts>().IdArraysFor(id);

    /// The whole answer (data and meta) to `url`, asked past the response cache, and the request's id for its Statements.
    public async Task<(string Body, string Id)> GetUncachedAsync(HttpClient client, string url, CancellationToken ct)
    {
        Services.GetRequiredService<ArticlesApi.Infrastructure.Caching.ContentGeneration>().Advance();
        var id = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(SqlCommandCounter.Header, id);
        var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, body);
        return (body, id);
    }

    /// `meta.nextCursor` of an answer, if any.
    public static string? NextCursor(string body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.GetProperty("meta").TryGetProperty("nextCursor", out var cursor)
            && cursor.ValueKind == System.Text.Json.JsonValueKind.String ? cursor.GetString() : null;
    }
}

/// q's parse (Search.Parses, SearchCatalog.ParseAsync): sent once per q for the process, with the search routers' catalog; the
/// catalog itself read again by every request.
public sealed class SearchParseTests(SearchParseApi api) : IClassFixture<SearchParseApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    /// A word no search of this process has asked for (the parses are kept for the process, across test classes).
    static string Unseen() => "zq" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(8));

    const string Parse = "articles_search_queries(";

    // The catalog's statement reads the articles table's estimated rows.
    const string Catalog = "reltuples";

    [Fact]
    public async Task A_New_Q_Is_Parsed_With_The_Routers_Catalog_In_One_Statement_And_A_Repeated_Q_Is_Not_Parsed_Again()
    {
        var data = new ArticleData(api);
        var word = Unseen();
        var article = await data.AddAsync(Fakes.Article($"Il {word} a Roma", publishedAt: DateTime.UtcNow.AddMinutes(-1)), _ct);
        api.SetWindow("auto");

        var (first, firstId) = await SearchAsync($"q={word}");
        var (again, againId) = await SearchAsync($"q={word}", again: true);

        first.Page.ShouldContain(article.Id.ToString());
        again.Page.ShouldBe(first.Page);
        var parsed = api.Statements(firstId).Where(s => s.Contains(Parse)).ShouldHaveSingleItem();
        parsed.ShouldContain(Catalog, customMessage: "the routers' catalog is read in q's parse statement");
        api.Statements(firstId).Count(s => s.Contains(Catalog)).ShouldBe(1);
        api.Statements(againId).ShouldNotContain(s => s.Contains(Parse), "q was parsed by the first search");
        api.Statements(againId).Count(s => s.Contains(Catalog)).ShouldBe(1, "the catalog is read by every search that routes");
    }

    [Fact]
    public async Task A_Repeated_Q_Finds_Articles_Of_A_Language_Written_Since_It_Was_First_Parsed()
    {
        // The parse is kept for the process, the catalog is not: the configurations articles are written in (which the window
        // keys q in) have changed since the first search.
        var data = new ArticleData(api);
        var word = Unseen();
        var italian = await data.AddAsync(Fakes.Article($"Il {word} a Roma", publishedAt: DateTime.UtcNow.AddMinutes(-2)), _ct);
        api.SetWindow("on");
        var (before, _) = await SearchAsync($"q={word}");
        before.Page.ShouldContain(italian.Id.ToString());
        before.ReadRum.ShouldBeTrue();

        var finnish = await data.AddAsync(Fakes.Article($"{word} Helsingissä", language: "fi", markdown: $"Tänään {word}.",
            publishedAt: DateTime.UtcNow.AddMinutes(-1)), _ct);
        var (after, afterId) = await SearchAsync($"q={word}", again: true);

        api.Statements(afterId).ShouldNotContain(s => s.Contains(Parse));
        after.ReadRum.ShouldBeTrue();
        after.Page.ShouldContain(finnish.Id.ToString());
        after.Page.ShouldContain(italian.Id.ToString());
    }

    async Task<((string Page, string? Next, bool ReadRum, string? Total) Answer, string Id)> SearchAsync(string query, bool again = false)
    {
        var id = Guid.NewGuid().ToString("N");
        return (await api.SearchAsync(_client, query, _ct, again, id), id);
    }
}
