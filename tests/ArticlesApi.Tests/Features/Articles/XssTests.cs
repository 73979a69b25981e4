using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// OWASP's XSS filter-evasion cheat sheet, plus Markdown-specific vectors (links, images, reference
/// definitions, autolinks, Markdig's generic attributes): none may leave script in `html`.
public sealed class XssTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// xss-evasion-corpus.txt: entries separated by "---8<---" lines, ";; " lines are comments,
    /// ⟨U+XXXX⟩ stands for a control character.
    public static TheoryData<string> Payloads => new(Corpus());

    static IEnumerable<string> Corpus()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "Articles", "xss-evasion-corpus.txt"));
        return text.Split("---8<---\n").Skip(1)
            .Select(entry => string.Join('\n', entry.Split('\n').Where(l => !l.StartsWith(";; ", StringComparison.Ordinal))).TrimEnd('\n'))
            .Select(entry => Regex.Replace(entry, "⟨U\\+([0-9A-F]{4})⟩", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString()));
    }

    static readonly HashSet<string> ForbiddenElements =
        ["script", "iframe", "frame", "frameset", "object", "embed", "form", "button", "textarea", "select", "style",
         "link", "meta", "base", "svg", "math", "bgsound", "applet", "noscript", "template", "video", "audio", "source", "marquee", "isindex"];

    static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "background", "dynsrc", "lowsrc", "xlink:href", "data", "poster", "srcset"];

    /// What each element may carry: the renderer's own attributes, nothing an author chooses beyond URLs and titles.
    static readonly Dictionary<string, string[]> AllowedAttributes = new()
    {
        ["a"] = ["href", "title", "id", "class"], ["img"] = ["src", "alt", "title", "srcset", "sizes", "width", "height", "loading", "decoding"], ["abbr"] = ["title"], ["ol"] = ["start", "type"],
        ["li"] = ["id", "class"], ["td"] = ["align", "colspan", "rowspan"], ["th"] = ["align", "colspan", "rowspan"],
        ["h1"] = ["id"], ["h2"] = ["id"], ["h3"] = ["id"], ["h4"] = ["id"], ["h5"] = ["id"], ["h6"] = ["id"], ["code"] = ["class"],
        ["div"] = ["class"], ["span"] = ["class"], ["p"] = ["class"], ["ul"] = ["class"], ["figure"] = ["class"],
        ["input"] = ["type", "disabled", "checked", "class"],
    };

    /// What a browser would run, looked for in the parsed DOM (not in the text, where an escaped
    /// "&lt;script&gt;" is harmless).
    static void ShouldBeSafe(string html)
    {
        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            ForbiddenElements.ShouldNotContain(element.LocalName, html);
            if (element.LocalName == "input")
                element.GetAttribute("type").ShouldBe("checkbox", html);
            foreach (var attribute in element.Attributes)
            {
                AllowedAttributes.GetValueOrDefault(element.LocalName, []).ShouldContain(attribute.LocalName, $"{element.LocalName}: {html}");
                if (attribute.LocalName == "id")
                    attribute.Value.ShouldStartWith(ArticleBody.IdPrefix, Case.Sensitive, html);
                if (attribute.LocalName == "class")
                    attribute.Value.Split(' ').ShouldAllBe(c => c.StartsWith("language-") || !c.Contains("modal") && !c.Contains("fixed"), html);
                attribute.LocalName.ShouldNotStartWith("on", Case.Insensitive, html);
                var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                if (UrlAttributes.Contains(attribute.LocalName))
                    value.ShouldSatisfyAllConditions(html,
                        v => v.ShouldNotStartWith("javascript:"), v => v.ShouldNotStartWith("vbscript:"), v => v.ShouldNotStartWith("data:"));
                if (attribute.LocalName == "href" && !value.StartsWith('#') && value.Contains(':'))
                    value.ShouldSatisfyAllConditions(html, v => v.ShouldMatch("^(https?|mailto):"));
                if (attribute.LocalName == "style")
                    value.ShouldSatisfyAllConditions(html, v => v.ShouldNotContain("javascript:"), v => v.ShouldNotContain("expression("));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_Never_Survives_Rendering(string payload)
    {
        ShouldBeSafe(ArticleBody.FromMarkdown(payload).Html);
        ShouldBeSafe(ArticleBody.FromMarkdown($"Intro paragraph.\n\n{payload}\n\nOutro.").Html);
    }

    [Fact]
    public async Task Every_Payload_Written_Through_The_Api_Comes_Back_Safe()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        // Without the NUL payload: PostgreSQL text cannot hold one, so the API answers 400 (NulCharacterTests).
        var markdown = string.Join("\n\n", Payloads.Select(p => p.Data).Where(p => !p.Contains('\0')));

        var response = await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author).With("body", new { markdown }));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        ShouldBeSafe((await response.JsonAsync()).GetProperty("body").GetProperty("html").GetString()!);
    }

    [Theory]
    [InlineData("<a href=\" JaVa\tScript:alert(1)\">x</a>")]
    [InlineData("<p onclick=\"alert(1)\">x</p>")]
    [InlineData("<img src=\"data:image/svg+xml,x\">")]
    [InlineData("<iframe></iframe>")]
    [InlineData("<div style=\"width: expression(alert(1))\">x</div>")]
    public void The_Check_Itself_Catches_Unsafe_Html(string html) =>
        Should.Throw<ShouldAssertException>(() => ShouldBeSafe(html));

    [Fact]
    public void Safe_Markdown_Keeps_Its_Formatting()
    {
        var html = ArticleBody.FromMarkdown("## Head\n\n**bold** [link](https://example.org) ![alt](https://example.org/i.png)\n\n| a |\n|---|\n| b |").Html;
        html.ShouldContain("<h2");
        html.ShouldContain("<strong>bold</strong>");
        html.ShouldContain("href=\"https://example.org\"");
        html.ShouldContain("src=\"https://example.org/i.png\"");
        html.ShouldContain("<table>");
    }
    static BodyContext WithMedia(Guid id, string url, params string[] renditions) => BodyContext.Default with
    {
        Media = new Dictionary<Guid, MediaImage>
        {
            [id] = new(id, url, "image/jpeg", 1000, 600, 1234, "Alt \"of\" <the> media", null, null,
                [.. renditions.Select((r, i) => new MediaImageRendition(320 * (i + 1), 192 * (i + 1), "jpeg", r))], "data:image/webp;base64,AA"),
        },
    };

    [Fact]
    public void Media_Image_Keeps_Its_Srcset_Of_Files_Beside_Its_Source()
    {
        var id = Guid.NewGuid();
        var html = ArticleBody.FromMarkdown($"![](media:{id})", WithMedia(id, "/media/2026/12/a/original.jpg", "/media/2026/12/a/w320.jpg")).Html;

        ShouldBeSafe(html);
        html.ShouldBe("<p><img src=\"/media/2026/12/a/original.jpg\" srcset=\"/media/2026/12/a/w320.jpg 320w, /media/2026/12/a/original.jpg 1000w\" "
            + "sizes=\"(max-width: 1000px) 100vw, 1000px\" width=\"1000\" height=\"600\" loading=\"lazy\" decoding=\"async\" "
            + "alt=\"Alt &quot;of&quot; &lt;the&gt; media\"></p>");
    }

    [Theory]
    [InlineData("javascript:alert(1)", "https://x.org/a/w320.jpg")]
    [InlineData("https://x.org/a/original.jpg", "https://evil.example/a/w320.jpg")]
    [InlineData("https://x.org/a/original.jpg", "https://x.org/a/../b/w320.jpg")]
    [InlineData("https://x.org/a/original.jpg", "javascript:alert(1)//https://x.org/a/w.jpg")]
    [InlineData("https://x.org/a/original.jpg", "https://x.org/a/w320.jpg 320w, data:text/html,x")]
    [InlineData("https://x.org/a/o.jpg\" onerror=\"alert(1)", "https://x.org/a/w320.jpg")]
    public void Media_Image_With_Hostile_Urls_Keeps_No_Foreign_Source(string url, string rendition)
    {
        var id = Guid.NewGuid();
        var html = ArticleBody.FromMarkdown($"![x](media:{id})", WithMedia(id, url, rendition)).Html;

        ShouldBeSafe(html);
        var img = new HtmlParser().ParseDocument($"<body>{html}</body>").QuerySelector("img")!;
        img.GetAttribute("onerror").ShouldBeNull(html);
        if (img.GetAttribute("srcset") is { } srcset)
            srcset.Split(',').ShouldAllBe(c => c.Trim().StartsWith("https://x.org/a/") && !c.Contains("..") && !c.Contains("data:"), html);
        (img.GetAttribute("src") ?? "").ShouldNotStartWith("javascript:", Case.Insensitive, html);
    }

    [Theory]
    [InlineData("[a](https://example.org){target=_blank rel=opener}")]
    [InlineData("[a](https://example.org){style=\"position:fixed;top:0;left:0;width:100%;height:100%\"}")]
    [InlineData("# Forms {#forms name=cookie}")]
    [InlineData("![a](https://example.org/x.png){name=forms id=body width=99999}")]
    [InlineData("Para {.modal-backdrop style=\"opacity:0\"}")]
    public void Markdown_Attribute_Syntax_Sets_No_Attribute(string markdown)
    {
        var html = ArticleBody.FromMarkdown(markdown).Html;
        var elements = new HtmlParser().ParseDocument($"<body>{html}</body>").Body!.QuerySelectorAll("*");

        ShouldBeSafe(html);
        elements.SelectMany(e => e.Attributes).Select(a => a.LocalName).ShouldAllBe(a => a != "target" && a != "rel" && a != "style" && a != "name" && a != "width", html);
        elements.Select(e => e.GetAttribute("id")).ShouldAllBe(id => id == null || id.StartsWith(ArticleBody.IdPrefix), html);
    }

    [Fact]
    public void Heading_And_Footnote_Ids_Are_Prefixed_And_Same_Page_Links_Follow()
    {
        var html = ArticleBody.FromMarkdown("# Forms\n\n# Forms\n\nSee [above](#forms) and a note[^1].\n\n[^1]: The note.").Html;
        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");

        document.QuerySelectorAll("h1").Select(h => h.Id).ShouldBe(["md-forms", "md-forms-1"]);
        document.QuerySelector("a[href='#md-forms']").ShouldNotBeNull(html);
        var noteLink = document.QuerySelector("a.footnote-ref")!;
        document.GetElementById(noteLink.GetAttribute("href")![1..]).ShouldNotBeNull(html);
        document.QuerySelectorAll("[id]").ShouldAllBe(e => e.Id!.StartsWith(ArticleBody.IdPrefix));
    }

    [Fact]
    public void Task_Lists_Table_Alignment_And_Code_Languages_Survive_As_Allowed_Attributes()
    {
        var html = ArticleBody.FromMarkdown("- [x] done\n- [ ] todo\n\n| l | r |\n|:--|--:|\n| a | b |\n\n```csharp\nvar x = 1;\n```\n\n::: evil-class\nx\n:::").Html;
        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");

        ShouldBeSafe(html);
        document.QuerySelectorAll("input").ShouldAllBe(i => i.GetAttribute("type") == "checkbox" && i.HasAttribute("disabled"));
        document.QuerySelectorAll("input[checked]").Length.ShouldBe(1);
        document.QuerySelector("td[align='right']").ShouldNotBeNull(html);
        document.QuerySelector("code.language-csharp").ShouldNotBeNull(html);
        html.ShouldNotContain("evil-class");
    }

    [Fact]
    public void Text_And_Excerpt_Keep_Link_Text_And_Drop_Urls_And_Attribute_Syntax()
    {
        var body = ArticleBody.FromMarkdown("[click](javascript:alert(1)) ![pic](data:image/svg+xml,x) <javascript:alert(2)>");

        body.Text.ShouldNotContain("alert(1)");
        body.Text.ShouldNotContain("data:");
        body.DefaultExcerpt().ShouldNotContain("alert(1)");
        body.DefaultExcerpt().ShouldStartWith("click pic");
    }
}
