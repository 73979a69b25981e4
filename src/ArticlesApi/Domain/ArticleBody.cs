using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Helpers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ArticlesApi.Domain;

/// An article body as written (Markdown) and as served: sanitized HTML and plain text.
public sealed partial class ArticleBody
{
    public required string Markdown { get; set; }
    public required string Html { get; set; }
    public required string Text { get; set; }

    /// The <see cref="RendererVersion"/> that produced Html and Text from Markdown.
    public int RendererVersion { get; set; }

    /// The media items its `![alt](media:{id})` images show (BodyMedia.ReferencedBy, whether found or not), in order: the
    /// indexed column (`body_media`) that finds the articles using a media item (MediaAccess.UsedBy).
    public Guid[] Media { get; set; } = [];

    /// Bump whenever the rendering or sanitizing rules change (pipeline, allow-lists, ids, limits): at
    /// start-up BodyRerendering renders again every stored body of an older version, so a fix reaches
    /// existing content. 0 is every body stored before versions were recorded.
    public const int CurrentRendererVersion = 2;

    const int WordsPerMinute = 230;

    /// Blocks and inlines inside one another (quotes, list items, emphasis, links): deeper is never prose,
    /// and Markdig's own limits (128 when rendering, 10,240 when parsing) end in an exception after
    /// seconds of work.
    public const int MaxNestingDepth = 32;

    /// Characters of rendered HTML: a short reference definition or abbreviation used thousands of
    /// times multiplies, and a 40 KB body rendered to 20 MB before this bound.
    public const int MaxHtmlLength = 2_000_000;

    /// Every id in the HTML starts with this, and same-page links follow: a hyphen makes the id an
    /// invalid JavaScript identifier, so no heading can clobber a global (`window.config`, `document.forms`).
    public const string IdPrefix = "md-";

    /// Elements in the HTML: the sanitizer's time grows faster than their number (250,000 code spans took
    /// 80 s), and no article needs more.
    public const int MaxElements = 60_000;

    /// Advanced extensions without generic attributes (`{style=… target=_blank id=x}` set any attribute),
    /// auto identifiers (quadratic on repeated headings: 10,000 "# a" took 30 s; ids are assigned here),
    /// bare-URL autolinks (quadratic: each URL walks every earlier inline of its paragraph, 500 KB of
    /// "www.a.b " took 151 s; `<https://…>` still links) and media links (iframes, which the sanitizer removes).
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAlertBlocks()
        .UseAbbreviations()
        .UseCitations()
        .UseCustomContainers()
        .UseDefinitionLists()
        .UseEmphasisExtras()
        .UseFigures()
        .UseFooters()
        .UseFootnotes()
        .UseGridTables()
        .UseMathematics()
        .UsePipeTables()
        .UseListExtras()
        .UseTaskLists()
        .UseDiagrams()
        .DisableHtml()
        .Build();

    /// Why a body cannot be rendered, in words for the 400 naming `body.markdown`; null when it can.
    public static string? Problem(string markdown)
    {
        if (Parse(markdown, BodyContext.Default) is not { } document)
            return $"Markdown nests blocks or inlines deeper than {MaxNestingDepth} levels.";
        var (depth, elements) = Measure(document);
        if (depth > MaxNestingDepth)
            return $"Markdown nests blocks or inlines deeper than {MaxNestingDepth} levels.";
        if (elements > MaxElements)
            return $"Markdown renders to more than {MaxElements:N0} HTML elements.";
        if (Render(document, plain: false) is null)
            return $"Markdown renders to more than {MaxHtmlLength:N0} characters of HTML (a reference, abbreviation or footnote used too many times?).";
        return null;
    }

    /// The media items the body's `![alt](media:{id})` images show (none when the Markdown cannot be parsed).
    /// A body that never writes `media:` is not parsed.
    public static IReadOnlyList<Guid> MediaReferences(string markdown) =>
        markdown.Contains(BodyMedia.Scheme, StringComparison.OrdinalIgnoreCase) && Parse(markdown, BodyContext.Default) is { } document
            ? BodyMedia.ReferencedBy(document) : [];

    /// Renders a body that <see cref="Problem"/> accepted.
    public static ArticleBody FromMarkdown(string markdown, BodyContext? context = null) =>
        TryRender(markdown, context) ?? throw new ArgumentException(Problem(markdown), nameof(markdown));

    /// Renders with the current rules; null for a body that <see cref="Problem"/> refuses.
    public static ArticleBody? TryRender(string markdown, BodyContext? context = null)
    {
        if (Parse(markdown, context ?? BodyContext.Default) is not { } document)
            return null;
        var (depth, elements) = Measure(document);
        if (depth > MaxNestingDepth || elements > MaxElements)
            return null;
        if (Render(document, plain: false) is not { } html || Render(document, plain: true) is not { } text)
            return null;
        return new ArticleBody
        {
            Markdown = markdown, Html = Sanitizer.Sanitize(html).Trim(), Text = Whitespace().Replace(text, " ").Trim(),
            RendererVersion = CurrentRendererVersion, Media = [.. MediaReferences(markdown)],
        };
    }

    /// A stored body that the current rules refuse (it was accepted by an earlier version): its Markdown
    /// shown as escaped text, one paragraph per blank-line-separated block. No markup of the author's
    /// survives, and the work is linear in the length.
    public static ArticleBody AsEscapedText(string markdown)
    {
        var paragraphs = BlankLines().Split(markdown.Trim())
            .Select(p => Whitespace().Replace(p, " ").Trim())
            .Where(p => p.Length > 0)
            .ToList();
        return new ArticleBody
        {
            Markdown = markdown,
            Html = string.Concat(paragraphs.Select(p => $"<p>{Escape(p)}</p>\n")).Trim(),
            Text = string.Join(' ', paragraphs),
            RendererVersion = CurrentRendererVersion,
        };
    }

    /// Only the characters that are markup (WebUtility.HtmlEncode would also turn "à" into "&#224;").
    static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    public int WordCount() => Words().Count(Text);

    public int ReadingTimeMinutes() => Math.Max(1, (int)Math.Ceiling(WordCount() / (double)WordsPerMinute));

    /// The first paragraph as plain text, cut at a word boundary: used when no excerpt is given.
    public string DefaultExcerpt(int maxLength = 300)
    {
        var firstParagraph = (Parse(Markdown, BodyContext.Default)?.OfType<ParagraphBlock>() ?? [])
            .Select(p => Whitespace().Replace(Render(p, plain: true) ?? "", " ").Trim())
            .FirstOrDefault(t => t.Length > 0) ?? Text;
        if (firstParagraph.Length <= maxLength)
            return firstParagraph;
        var cut = firstParagraph.LastIndexOf(' ', maxLength - 1);
        if (cut <= 0)
            cut = maxLength - 1;
        if (char.IsHighSurrogate(firstParagraph[cut - 1]))
            cut--;
        return firstParagraph[..cut].TrimEnd(',', ';', ':', ' ') + "…";
    }

    /// Null when Markdig gives up on the nesting (it throws past its own limits).
    static MarkdownDocument? Parse(string markdown, BodyContext context)
    {
        if (LineNesting(markdown) > MaxNestingDepth)
            return null;
        try
        {
            var document = Markdig.Markdown.Parse(markdown, Pipeline);
            AssignHeadingIds(document);
            EmbedBlock.ReplaceLinks(markdown, document, context.Embeds);
            BodyMedia.Apply(document, context.Media);
            return document;
        }
        catch (ArgumentException e) when (e.Message.Contains("too deeply nested", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// The most quote and list markers that open one line ("> - > - 1. x"): a line of 20,000 of them kept
    /// Markdig busy for seconds before its own limit threw, so they are counted before it parses.
    static int LineNesting(string markdown)
    {
        var deepest = 0;
        var markers = 0;
        var lineStart = true;
        for (var i = 0; i < markdown.Length; i++)
        {
            var c = markdown[i];
            if (c == '\n')
            {
                (markers, lineStart) = (0, true);
                continue;
            }
            if (!lineStart || c is ' ' or '\t')
                continue;
            var next = i + 1 < markdown.Length ? markdown[i + 1] : '\n';
            if (c == '>')
                markers++;
            else if (c is '-' or '+' or '*' && next is ' ' or '\t' or '\n')
                markers++;
            else if (char.IsAsciiDigit(c))
            {
                var end = i;
                while (end < markdown.Length && char.IsAsciiDigit(markdown[end]))
                    end++;
                if (end + 1 < markdown.Length && markdown[end] is '.' or ')' && markdown[end + 1] is ' ' or '\t' or '\n')
                {
                    markers++;
                    i = end;
                }
                else
                    lineStart = false;
            }
            else
                lineStart = false;
            deepest = Math.Max(deepest, markers);
        }
        return deepest;
    }

    /// GitHub-like ids from the heading text, numbered on repeats ("a", "a-1", …) in linear time.
    static void AssignHeadingIds(MarkdownDocument document)
    {
        var taken = new HashSet<string>();
        var next = new Dictionary<string, int>();
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var text = string.Concat(heading.Inline?.Descendants<LiteralInline>().Select(l => l.Content.ToString()) ?? []);
            var id = LinkHelper.Urilize(text, allowOnlyAscii: false) is { Length: > 0 } urilized ? urilized : "section";
            if (!taken.Add(id))
            {
                var n = next.GetValueOrDefault(id);
                string candidate;
                do candidate = $"{id}-{++n}"; while (!taken.Add(candidate));
                next[id] = n;
                id = candidate;
            }
            heading.GetAttributes().Id = id;
        }
    }

    /// The deepest chain of containers (quotes, lists and list items, emphasis, links) and the number of
    /// blocks and inlines other than text, without recursion; stops counting past the limits.
    static (int Depth, int Elements) Measure(MarkdownDocument document)
    {
        var (deepest, elements) = (0, 0);
        var pending = new Stack<(MarkdownObject Node, int Depth)>();
        pending.Push((document, 0));
        while (pending.TryPop(out var item) && deepest <= MaxNestingDepth && elements <= MaxElements)
        {
            deepest = Math.Max(deepest, item.Depth);
            if (item.Node is not (LiteralInline or ContainerInline { Parent: null }))
                elements++;
            IEnumerable<MarkdownObject> children = item.Node switch
            {
                ContainerBlock container => container,
                LeafBlock { Inline: { } inline } => [inline],
                ContainerInline inline => inline,
                _ => [],
            };
            foreach (var child in children)
                pending.Push((child, child is ContainerBlock or ContainerInline { Parent: not null } ? item.Depth + 1 : item.Depth));
        }
        return (deepest, elements);
    }

    /// HTML, or plain text without any markup; null past <see cref="MaxHtmlLength"/>.
    static string? Render(MarkdownObject document, bool plain)
    {
        using var writer = new BoundedWriter(MaxHtmlLength);
        var renderer = new HtmlRenderer(writer)
        {
            EnableHtmlForBlock = !plain, EnableHtmlForInline = !plain, EnableHtmlEscape = !plain,
        };
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Add(new EmbedBlock.Renderer());
        try
        {
            renderer.Render(document);
        }
        catch (BoundedWriter.FullException)
        {
            return null;
        }
        return writer.ToString();
    }

    sealed class BoundedWriter(int limit) : StringWriter
    {
        public sealed class FullException : Exception;

        public override void Write(char value)
        {
            Check(1);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Check(count);
            base.Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Check(buffer.Length);
            base.Write(buffer);
        }

        public override void Write(string? value)
        {
            Check(value?.Length ?? 0);
            base.Write(value);
        }

        void Check(int adding)
        {
            if (GetStringBuilder().Length + adding > limit)
                throw new FullException();
        }
    }

    // --- sanitizing ------------------------------------------------------------------------------------
    // What Markdig renders with the pipeline above, element by element; anything else goes. No style,
    // target, rel, name or event handler anywhere; ids only from the renderer (headings, footnotes).

    static readonly Dictionary<string, string[]> AllowedAttributes = new()
    {
        ["a"] = ["href", "title", "id", "class"],
        ["img"] = ["src", "alt", "title", "srcset", "sizes", "width", "height", "loading", "decoding"],
        ["abbr"] = ["title"],
        ["ol"] = ["start", "type"],
        ["li"] = ["id", "class"],
        ["td"] = ["align", "colspan", "rowspan"],
        ["th"] = ["align", "colspan", "rowspan"],
        ["h1"] = ["id"], ["h2"] = ["id"], ["h3"] = ["id"], ["h4"] = ["id"], ["h5"] = ["id"], ["h6"] = ["id"],
        ["code"] = ["class"],
        ["div"] = ["class"], ["span"] = ["class"], ["p"] = ["class"], ["ul"] = ["class"], ["figure"] = ["class"],
        ["input"] = ["type", "disabled", "checked", "class"],
        ["iframe"] = EmbedBlock.FrameAttributes,
    };

    /// Classes the renderer itself writes (footnotes, task lists, math, diagrams, figures, alerts);
    /// a custom container's class is the author's choice and goes.
    static readonly HashSet<string> RendererClasses =
    [
        "footnotes", "footnote-ref", "footnote-back-ref", "contains-task-list", "task-list-item", "task-list-item-checkbox",
        "math", "mermaid", "nomnoml", "figure", "markdown-alert", "markdown-alert-title", "markdown-alert-note",
        "markdown-alert-tip", "markdown-alert-important", "markdown-alert-warning", "markdown-alert-caution",
        .. EmbedBlock.Classes,
    ];

    // After the sets above: static fields initialise in order.
    static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(
                ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code", "em", "strong", "del", "ins",
                 "mark", "sub", "sup", "a", "img", "hr", "br", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "figure",
                 "figcaption", "footer", "dl", "dt", "dd", "cite", "abbr", "div", "span", "input", "iframe"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(AllowedAttributes.Values.SelectMany(a => a).Append("style"), StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(["text-align"], StringComparer.OrdinalIgnoreCase),
        });
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element)
                Restrict(element);
        };
        return sanitizer;
    }

    static void Restrict(IElement element)
    {
        var name = element.LocalName;
        // Markdig aligns table cells with style="text-align: …"; the one style kept, as an attribute.
        if (name is "td" or "th" && element.GetAttribute("style") is { } style
            && AlignedCell().Match(style) is { Success: true } aligned)
            element.SetAttribute("align", aligned.Groups[1].Value);
        var allowed = AllowedAttributes.GetValueOrDefault(name, []);
        foreach (var attribute in element.Attributes.ToList())
            if (!allowed.Contains(attribute.LocalName))
                element.RemoveAttribute(attribute.NamespaceUri, attribute.LocalName);

        if (element.GetAttribute("id") is { } id)
            element.SetAttribute("id", IdPrefix + id);
        if (name == "a" && element.GetAttribute("href") is { } href && href.StartsWith('#'))
            element.SetAttribute("href", "#" + IdPrefix + href[1..]);
        if (element.GetAttribute("class") is { } classes)
        {
            var kept = classes.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(c => name == "code" ? CodeLanguage().IsMatch(c) : RendererClasses.Contains(c)).ToList();
            if (kept.Count == 0)
                element.RemoveAttribute("class");
            else
                element.SetAttribute("class", string.Join(' ', kept));
        }
        // Only the players EmbedBlock writes: a frame is never the author's (HTML is disabled) and never goes elsewhere.
        if (name == "iframe" && !EmbedBlock.IsPlayer(element.GetAttribute("src")))
            element.Remove();
        if (name == "img")
            BodyMedia.Restrict(element);
        if (name == "input")
        {
            if (element.GetAttribute("type") != "checkbox")
                element.Remove();
            else
                element.SetAttribute("disabled", "disabled");
        }
    }

    [GeneratedRegex(@"^\s*text-align\s*:\s*(left|right|center)\s*;?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AlignedCell();

    [GeneratedRegex(@"^language-[A-Za-z0-9_+#.-]{1,40}$")]
    private static partial Regex CodeLanguage();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n[ \t]*\r?\n\s*")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex Words();
}
