using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;

namespace ArticlesApi.Domain;

/// An article body as written (Markdown) and as served: sanitized HTML and plain text.
public sealed partial class ArticleBody
{
    public required string Markdown { get; set; }
    public required string Html { get; set; }
    public required string Text { get; set; }

    const int WordsPerMinute = 230;

    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static ArticleBody FromMarkdown(string markdown)
    {
        var html = Sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, Pipeline));
        var text = Markdig.Markdown.ToPlainText(markdown, Pipeline);
        return new ArticleBody { Markdown = markdown, Html = html.Trim(), Text = Whitespace().Replace(text, " ").Trim() };
    }

    public int WordCount() => Words().Count(Text);

    public int ReadingTimeMinutes() => Math.Max(1, (int)Math.Ceiling(WordCount() / (double)WordsPerMinute));

    /// The first paragraph as plain text, cut at a word boundary: used when no excerpt is given.
    public string DefaultExcerpt(int maxLength = 300)
    {
        var firstParagraph = Markdig.Markdown.Parse(Markdown, Pipeline)
            .OfType<Markdig.Syntax.ParagraphBlock>()
            .Select(p => Markdig.Markdown.ToPlainText(Markdown.Substring(p.Span.Start, p.Span.Length), Pipeline))
            .Select(t => Whitespace().Replace(t, " ").Trim())
            .FirstOrDefault(t => t.Length > 0) ?? Text;
        if (firstParagraph.Length <= maxLength)
            return firstParagraph;
        var cut = firstParagraph.LastIndexOf(' ', maxLength - 1);
        return firstParagraph[..(cut > 0 ? cut : maxLength - 1)].TrimEnd(',', ';', ':', ' ') + "…";
    }

    static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedTags.ExceptWith(["form", "input", "button", "select", "textarea", "iframe", "style"]);
        sanitizer.AllowedAttributes.Add("id");
        return sanitizer;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex Words();
}
