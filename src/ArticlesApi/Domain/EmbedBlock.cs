using System.Net;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace ArticlesApi.Domain;

/// A link to an enabled provider's video, alone on its own line at the top level of a body (`https://youtu.be/…` or
/// `<https://youtu.be/…>`, as WordPress and Ghost embed a pasted link): rendered as the provider's player in a
/// sandboxed frame, and as the link itself in the plain text.
sealed class EmbedBlock(EmbedProvider provider, string link, string player) : LeafBlock(null)
{
    EmbedProvider Provider { get; } = provider;
    string Link { get; } = link;
    string Player { get; } = player;

    public static readonly string[] FrameAttributes =
        ["src", "title", "width", "height", "sandbox", "allow", "allowfullscreen", "loading", "referrerpolicy"];

    public static readonly string[] Classes = ["embed", .. EmbedProvider.All.Select(p => "embed-" + p.Name)];

    /// Scripts run inside the player's own origin (a cross-origin frame: it cannot reach the page), no top navigation,
    /// no forms, no downloads.
    const string Sandbox = "allow-scripts allow-same-origin allow-presentation allow-popups";

    const string Permissions = "accelerometer; encrypted-media; gyroscope; picture-in-picture; fullscreen";

    public static bool IsPlayer(string? src) => src is not null && EmbedProvider.All.Any(p => p.Player.IsMatch(src));

    public static void ReplaceLinks(string markdown, MarkdownDocument document, IReadOnlyList<EmbedProvider> providers)
    {
        if (providers.Count == 0)
            return;
        for (var i = 0; i < document.Count; i++)
        {
            // The source text: once inlines are parsed the paragraph's lines are gone.
            if (document[i] is not ParagraphBlock paragraph || paragraph.Span.IsEmpty || paragraph.Span.End >= markdown.Length)
                continue;
            var line = markdown.Substring(paragraph.Span.Start, paragraph.Span.Length).Trim();
            if (line.Contains('\n'))
                continue;
            if (line.Length > 2 && line[0] == '<' && line[^1] == '>')
                line = line[1..^1];
            foreach (var provider in providers)
            {
                if (provider.PlayerFor(line) is not { } player)
                    continue;
                document.RemoveAt(i);
                document.Insert(i, new EmbedBlock(provider, line, player) { Span = paragraph.Span, Line = paragraph.Line });
                break;
            }
        }
    }

    public sealed class Renderer : HtmlObjectRenderer<EmbedBlock>
    {
        protected override void Write(HtmlRenderer renderer, EmbedBlock embed)
        {
            if (!renderer.EnableHtmlForBlock)
            {
                renderer.WriteLine(embed.Link);
                return;
            }
            renderer.EnsureLine();
            renderer.Write($"<figure class=\"embed embed-{embed.Provider.Name}\"><iframe src=\"{WebUtility.HtmlEncode(embed.Player)}\"")
                .Write($" title=\"{embed.Provider.Title}\" width=\"560\" height=\"315\" sandbox=\"{Sandbox}\" allow=\"{Permissions}\"")
                .Write(" allowfullscreen=\"\" loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\"></iframe></figure>")
                .WriteLine();
        }
    }
}
