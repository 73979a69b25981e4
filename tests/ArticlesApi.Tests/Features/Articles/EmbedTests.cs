using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// A link to an allow-listed video provider alone on its own line renders as that provider's sandboxed player
/// (Embeds:Providers, default YouTube and Vimeo); every other frame, and every other link, stays out.
public sealed class EmbedTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static async Task<string> HtmlOfAsync(HttpClient client, Guid authorId, string markdown)
    {
        var body = Requests.Article(authorId.ToString()).With("body", new { markdown });
        var response = await client.PostJsonAsync("/api/v1/articles", body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return (await response.JsonAsync()).GetProperty("body").GetProperty("html").GetString()!;
    }

    async Task<(HttpClient Client, Guid AuthorId)> EditorAsync()
    {
        var editor = await api.EditorAsync();
        return (editor.Client, await editor.NewAuthorIdAsync());
    }

    static AngleSharp.Dom.IElement[] Frames(string html) =>
        [.. new HtmlParser().ParseDocument($"<body>{html}</body>").QuerySelectorAll("iframe")];

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ?si=abc&t=42", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("<https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ>", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871")]
    public async Task A_Provider_Link_Alone_On_Its_Line_Renders_As_A_Sandboxed_Player(string line, string player)
    {
        var (client, author) = await EditorAsync();

        var html = await HtmlOfAsync(client, author, $"Il video dell'intervista:\n\n{line}\n\nFine.");

        var frame = Frames(html).ShouldHaveSingleItem(html);
        frame.GetAttribute("src").ShouldBe(player);
        frame.GetAttribute("sandbox").ShouldBe("allow-scripts allow-same-origin allow-presentation allow-popups");
        frame.GetAttribute("loading").ShouldBe("lazy");
        frame.GetAttribute("title").ShouldNotBeNullOrWhiteSpace();
        frame.ParentElement!.LocalName.ShouldBe("figure");
        frame.Attributes.Select(a => a.LocalName).ShouldBeSubsetOf(
            ["src", "title", "width", "height", "sandbox", "allow", "allowfullscreen", "loading", "referrerpolicy"]);
    }

    [Theory]
    [InlineData("Guardate https://www.youtube.com/watch?v=dQw4w9WgXcQ qui.")]                       // inside a sentence
    [InlineData("- https://www.youtube.com/watch?v=dQw4w9WgXcQ")]                                  // in a list
    [InlineData("> https://www.youtube.com/watch?v=dQw4w9WgXcQ")]                                  // in a quote
    [InlineData("[Il video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)")]                         // a labelled link
    [InlineData("https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ")]                        // a lookalike host
    [InlineData("http://www.youtube.com/watch?v=dQw4w9WgXcQ")]                                     // not https
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ\"onload=\"alert(1)")]                 // attribute injection
    [InlineData("https://evil.example/embed/dQw4w9WgXcQ")]                                         // not a provider
    [InlineData("<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\"></iframe>")]   // the author's own frame
    [InlineData("![x](https://www.youtube.com/watch?v=dQw4w9WgXcQ)")]                             // an image of the link
    public async Task Anything_Else_Never_Becomes_A_Frame(string markdown)
    {
        var (client, author) = await EditorAsync();

        var html = await HtmlOfAsync(client, author, markdown);

        Frames(html).ShouldBeEmpty(html);
    }

    [Fact]
    public async Task The_Plain_Text_Keeps_The_Link_And_Search_Still_Works_Around_It()
    {
        var (client, author) = await EditorAsync();
        var body = Requests.Article(author.ToString())
            .With("body", new { markdown = "Intervista esclusiva.\n\nhttps://vimeo.com/76979871" });

        var created = await client.PostJsonAsync("/api/v1/articles", body);

        var article = await created.JsonAsync();
        article.GetProperty("body").GetProperty("text").GetString()!.ShouldBe("Intervista esclusiva. https://vimeo.com/76979871");
        article.GetProperty("excerpt").GetString().ShouldBe("Intervista esclusiva.");
    }

    [Fact]
    public async Task Only_The_Configured_Providers_Embed()
    {
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Embeds:Providers", "vimeo"));
        var editor = await api.EditorAsync();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", editor.Secret);
        var author = await editor.NewAuthorIdAsync();

        var html = await HtmlOfAsync(client, author, "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nhttps://vimeo.com/76979871");

        Frames(html).ShouldHaveSingleItem(html).GetAttribute("src").ShouldBe("https://player.vimeo.com/video/76979871");
        html.ShouldContain("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    }

    [Fact]
    public async Task No_Provider_Configured_Embeds_Nothing()
    {
        await using var host = api.WithWebHostBuilder(b => b.UseSetting("Embeds:Providers", ""));
        var editor = await api.EditorAsync();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", editor.Secret);
        var author = await editor.NewAuthorIdAsync();

        var html = await HtmlOfAsync(client, author, "https://vimeo.com/76979871");

        Frames(html).ShouldBeEmpty(html);
    }
}
