using System.Text.Json;
using AngleSharp.Html.Parser;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// Articles stored before a fix to the rendering rules (renderer version 0, HTML with the attributes the fix
/// removes) are rendered again after start-up: each test starts API hosts on a database of its own
/// (the class's host only for a write).
public sealed class BodyRerenderingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// What the renderer before issue 13's fix made of Markdig's generic attributes: a full-page link that
    /// opens a window able to navigate this one, and ids and names that clobber globals.
    const string OldMarkdown = """
        [Leggi](https://evil.example){style="position:fixed;top:0;left:0;width:100%;height:100%" target=_blank rel=opener id=config name=config}

        ## Intro {#intro style="color:red"}

        | a | b |
        |--:|---|
        | 1 | 2 |
        """;

    const string OldHtml = """
        <p><a href="https://evil.example" id="config" name="config" style="position:fixed;top:0;left:0;width:100%;height:100%" target="_blank" rel="opener">Leggi</a></p>
        <h2 id="intro" style="color:red">Intro</h2>
        <table><thead><tr><th style="text-align: right">a</th><th>b</th></tr></thead><tbody><tr><td style="text-align: right">1</td><td>2</td></tr></tbody></table>
        """;

    static WebApplicationFactory<Program> Api(TestDatabase database, bool rerender = true, int batchSize = 2) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:Articles", $"{database.ConnectionString};Timeout=15;Command Timeout=60");
            b.UseSetting("Database:MigrateOnStartup", "true");
            b.UseSetting("RateLimiting:Enabled", "false");
            b.UseSetting(BodyRerendering.EnabledSetting, rerender.ToString());
            b.UseSetting(BodyRerendering.BatchSizeSetting, batchSize.ToString());
        });

    /// Published articles as the renderer before versions stored them.
    static async Task<List<Guid>> AddOldArticlesAsync(TestDatabase database, int count, string markdown = OldMarkdown, string html = OldHtml)
    {
        await using var db = database.CreateContext();
        var author = Fakes.Author();
        var articles = Enumerable.Range(0, count).Select(_ =>
        {
            var article = Fakes.Article();
            article.Body = new ArticleBody { Markdown = markdown, Html = html, Text = "Leggi Intro a b 1 2", RendererVersion = 0 };
            article.Excerpt = "Un riassunto scritto dalla redazione.";
            article.WordCount = 999;
            article.ReadingTimeMinutes = 9;
            article.Authors.Add(new ArticleAuthor { Author = author, Position = 0 });
            return article;
        }).ToList();
        db.Articles.AddRange(articles);
        await db.SaveChangesAsync();
        return articles.Select(a => a.Id).ToList();
    }

    static async Task<(JsonElement Article, string ETag)> ReadAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/articles/{id}", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync(), response.ETag());
    }

    static void ShouldHaveOnlyCurrentAttributes(string html)
    {
        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        foreach (var attribute in element.Attributes)
        {
            attribute.LocalName.ShouldNotBeOneOf(["style", "target", "rel", "name"], html);
            if (attribute.LocalName == "id")
                attribute.Value.ShouldStartWith(ArticleBody.IdPrefix, Case.Sensitive, html);
        }
    }

    [Fact]
    public async Task Bodies_Of_An_Older_Renderer_Are_Rendered_Again_After_Start_Up_With_Fresh_ETags_And_The_Same_UpdatedAt()
    {
        await using var database = await TestDatabase.CreateMigratedAsync("rerender");
        var ids = await AddOldArticlesAsync(database, 5);

        var before = new Dictionary<Guid, (JsonElement Article, string ETag)>();
        await using (var old = Api(database, rerender: false))
        {
            (await old.Services.GetRequiredService<BodyRerendering>().Completion.WaitAsync(_ct)).ShouldBe(0);
            var client = old.CreateClient();
            foreach (var id in ids)
                before[id] = await ReadAsync(client, id);
        }
        before[ids[0]].Article.GetProperty("body").GetProperty("html").GetString()!.ShouldContain("rel=\"opener\"");

        await using var api = Api(database);
        // Batches of 2: five articles take three transactions, each after the last id of the one before.
        (await api.Services.GetRequiredService<BodyRerendering>().Completion.WaitAsync(_ct)).ShouldBe(5);

        var reader = api.CreateClient();
        foreach (var id in ids)
        {
            var (article, etag) = await ReadAsync(reader, id);
            var html = article.GetProperty("body").GetProperty("html").GetString()!;
            ShouldHaveOnlyCurrentAttributes(html);
            html.ShouldContain($"<h2 id=\"{ArticleBody.IdPrefix}");
            html.ShouldContain("align=\"right\"");
            etag.ShouldNotBe(before[id].ETag);
            article.GetProperty("updatedAt").GetDateTime().ShouldBe(before[id].Article.GetProperty("updatedAt").GetDateTime());
            article.GetProperty("excerpt").GetString().ShouldBe("Un riassunto scritto dalla redazione.", "a stored excerpt is left as it is");
            article.GetProperty("wordCount").GetInt32().ShouldBe(ArticleBody.FromMarkdown(OldMarkdown).WordCount());
        }

        await using var db = database.CreateContext();
        (await db.Articles.CountAsync(a => a.Body.RendererVersion != ArticleBody.CurrentRendererVersion, _ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_Stored_Body_The_Current_Rules_Refuse_Is_Served_As_Escaped_Text_And_Not_Tried_Again()
    {
        await using var database = await TestDatabase.CreateMigratedAsync("rerender");
        var deep = string.Concat(Enumerable.Repeat("> ", 100)) + "profondo <b>x</b>";
        ArticleBody.Problem(deep).ShouldNotBeNull();
        var refused = (await AddOldArticlesAsync(database, 1, deep, "<blockquote style=\"position:fixed\"><p>profondo</p></blockquote>"))[0];
        var fine = (await AddOldArticlesAsync(database, 1))[0];

        await using (var api = Api(database))
        {
            (await api.Services.GetRequiredService<BodyRerendering>().Completion.WaitAsync(_ct)).ShouldBe(2);
            var client = api.CreateClient();
            var html = (await ReadAsync(client, refused)).Article.GetProperty("body").GetProperty("html").GetString()!;
            html.ShouldBe("<p>&gt; &gt; " + string.Concat(Enumerable.Repeat("&gt; ", 98)) + "profondo &lt;b&gt;x&lt;/b&gt;</p>");
            ShouldHaveOnlyCurrentAttributes((await ReadAsync(client, fine)).Article.GetProperty("body").GetProperty("html").GetString()!);
        }

        // Stored with the current version: the next start finds nothing to do.
        await using var restarted = Api(database);
        (await restarted.Services.GetRequiredService<BodyRerendering>().Completion.WaitAsync(_ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Instances_Starting_Together_Rerender_Each_Body_Once()
    {
        await using var database = await TestDatabase.CreateMigratedAsync("rerender");
        var ids = await AddOldArticlesAsync(database, 12);

        await using var first = Api(database, batchSize: 1);
        await using var second = Api(database, batchSize: 1);
        var counts = await Task.WhenAll(
            Task.Run(() => first.Services.GetRequiredService<BodyRerendering>().Completion, _ct),
            Task.Run(() => second.Services.GetRequiredService<BodyRerendering>().Completion, _ct)).WaitAsync(_ct);

        counts.Sum().ShouldBe(12, "each article is rendered by one instance only");
        await using var db = database.CreateContext();
        (await db.Articles.CountAsync(a => a.Body.RendererVersion != ArticleBody.CurrentRendererVersion, _ct)).ShouldBe(0);
        var rerendered = await db.ContentChanges.Where(c => ids.Contains(c.ResourceId) && c.Kind == ChangeKind.Updated)
            .Select(c => c.ResourceId).ToListAsync(_ct);
        rerendered.Order().ShouldBe(ids.Order(), "one `updated` change per re-rendered body");
    }

    [Fact]
    public async Task A_Write_Stores_The_Current_Renderer_Version()
    {
        var (article, _, _) = await (await api.EditorAsync()).CreateArticleAsync();
        var id = article.GetProperty("id").GetGuid();

        await using var db = api.Database.CreateContext();
        (await db.Articles.Where(a => a.Id == id).Select(a => a.Body.RendererVersion).SingleAsync(_ct))
            .ShouldBe(ArticleBody.CurrentRendererVersion);
    }
}
