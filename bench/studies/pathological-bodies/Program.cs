// Times every pathological body shape (tests/ArticlesApi.Tests/Features/Articles/PathologicalBodies.cs) through
// the write path of POST /articles without HTTP: the body's validation, rendering (Markdown, sanitizing,
// text, excerpt, counts), then the INSERT that computes the search vector and updates the GIN index, in a
// database of its own (created, migrated, dropped).
//
//   dotnet run -c Release --project bench/studies/pathological-bodies -- [--size 40000] [--only name,name]
//       [--timeout 120] [--connection "Host=…"]
using System.Diagnostics;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Migrations;
using ArticlesApi.Tests.Features.Articles;
using Microsoft.EntityFrameworkCore;
using Npgsql;

var size = 40_000;
var timeout = 120;
string[]? only = null;
var server = Environment.GetEnvironmentVariable("ConnectionStrings__Articles")
    ?? "Host=127.0.0.1;Port=55432;Database=articles;Username=articles;Password=articles";
for (var i = 0; i < args.Length; i += 2)
    switch (args[i])
    {
        case "--size": size = int.Parse(args[i + 1]); break;
        case "--timeout": timeout = int.Parse(args[i + 1]); break;
        case "--only": only = args[i + 1].Split(','); break;
        case "--connection": server = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }

var name = $"articles_pathological_{Guid.NewGuid():N}"[..36];
var connection = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = timeout }.ConnectionString;
await Execute(server, $"CREATE DATABASE \"{name}\"");
try
{
    DbContextOptions<ArticlesDb> options = new DbContextOptionsBuilder<ArticlesDb>()
        .UseNpgsql(connection, npgsql => npgsql.MigrationsAssembly(typeof(DesignTimeArticlesDbFactory).Assembly))
        .UseSnakeCaseNamingConvention().Options;
    await using (var db = new ArticlesDb(options))
    {
        db.Database.SetCommandTimeout(600);
        await db.Database.MigrateAsync();
    }

    // Warm-up: JIT, Markdig's and the sanitizer's statics, the connection pool, dictionaries.
    await Write(options, "warm up", "Warm **up**.");

    Console.WriteLine($"{"shape",-28} {"chars",8} {"validate ms",12} {"render ms",10} {"insert ms",10} {"html chars",11}  outcome");
    foreach (var (shape, build) in PathologicalBodies.Shapes.Where(s => only is null || only.Contains(s.Name)))
    {
        var markdown = build(size);
        if (markdown.Length > ArticleInputRules.MaxMarkdownLength)
            markdown = markdown[..ArticleInputRules.MaxMarkdownLength];
        var validate = Stopwatch.StartNew();
        var problem = ArticleBody.Problem(markdown);
        validate.Stop();
        if (problem is not null)
        {
            Console.WriteLine($"{shape,-28} {markdown.Length,8} {validate.Elapsed.TotalMilliseconds,12:F1} {"",10} {"",10} {"",11}  400: {problem}");
            continue;
        }
        var (render, insert, html, outcome) = await Write(options, shape, markdown);
        Console.WriteLine($"{shape,-28} {markdown.Length,8} {validate.Elapsed.TotalMilliseconds,12:F1} {render,10:F1} {insert,10:F1} {html,11}  {outcome}");
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await Execute(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
}
return 0;

static async Task<(double Render, double Insert, int Html, string Outcome)> Write(DbContextOptions<ArticlesDb> options, string title, string markdown)
{
    var article = new Article { Slug = $"s-{Guid.NewGuid():N}", Title = title, Excerpt = "", Body = null!, Language = "en" };
    var input = new ArticleInput { Title = title, Body = new BodyInput { Markdown = markdown }, Language = "en", Authors = ["x"] };
    var render = Stopwatch.StartNew();
    try
    {
        ArticleWriter.ApplyFields(article, input);
    }
    catch (Exception e)
    {
        return (render.Elapsed.TotalMilliseconds, 0, 0, $"render threw {e.GetType().Name}: {e.Message[..Math.Min(80, e.Message.Length)]}");
    }
    render.Stop();
    await using var db = new ArticlesDb(options);
    db.Articles.Add(article);
    var insert = Stopwatch.StartNew();
    try
    {
        await db.SaveChangesAsync();
    }
    catch (Exception e)
    {
        var message = (e.InnerException ?? e).Message;
        return (render.Elapsed.TotalMilliseconds, insert.Elapsed.TotalMilliseconds, article.Body.Html.Length, $"insert failed: {message[..Math.Min(80, message.Length)]}");
    }
    return (render.Elapsed.TotalMilliseconds, insert.Elapsed.TotalMilliseconds, article.Body.Html.Length, "201");
}

static async Task Execute(string server, string sql)
{
    await using var connection = new NpgsqlConnection(server);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}
