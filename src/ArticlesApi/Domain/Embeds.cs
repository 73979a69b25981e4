using System.Text.RegularExpressions;

namespace ArticlesApi.Domain;

/// A video or audio service whose links, alone on their own line in a body, render as its player in a
/// sandboxed frame (api.md "Media"). The frame's address is built here from the id in the link, never
/// copied from the author's text, and the sanitizer keeps a frame only when its src is one of these.
public sealed partial record EmbedProvider(string Name, string Title, Regex Link, Func<string, string> PlayerUrl, Regex Player)
{
    public static readonly EmbedProvider YouTube = new("youtube", "YouTube video",
        YouTubeLink(), id => $"https://www.youtube-nocookie.com/embed/{id}", YouTubePlayer());

    public static readonly EmbedProvider Vimeo = new("vimeo", "Vimeo video",
        VimeoLink(), id => $"https://player.vimeo.com/video/{id}", VimeoPlayer());

    public static readonly IReadOnlyList<EmbedProvider> All = [YouTube, Vimeo];

    /// The player's address for a link to this provider; null when the link is not one of its videos.
    public string? PlayerFor(string link) =>
        Link.Match(link) is { Success: true } m ? PlayerUrl(m.Groups["id"].Value) : null;

    // watch?v=, youtu.be/, shorts/, embed/ and live/ links; other query parameters (t=, si=, list=) are allowed and dropped.
    [GeneratedRegex(@"^https://(?:(?:www\.|m\.)?youtube\.com/(?:watch\?(?:[A-Za-z0-9_.~%=-]+&)*v=|shorts/|embed/|live/)|youtu\.be/)(?<id>[A-Za-z0-9_-]{11})(?:[?&#][A-Za-z0-9_.~%=&#-]*)?$")]
    private static partial Regex YouTubeLink();

    [GeneratedRegex(@"^https://www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}$")]
    private static partial Regex YouTubePlayer();

    [GeneratedRegex(@"^https://(?:www\.)?vimeo\.com/(?:video/)?(?<id>[0-9]{1,12})/?(?:[?#][A-Za-z0-9_.~%=&#-]*)?$")]
    private static partial Regex VimeoLink();

    [GeneratedRegex(@"^https://player\.vimeo\.com/video/[0-9]{1,12}$")]
    private static partial Regex VimeoPlayer();
}

/// What rendering a body needs besides its Markdown: the embed providers this installation enables
/// (`Embeds:Providers`, default all of EmbedProvider.All), and the media items its `media:{id}` images show (loaded
/// by ArticleMedia before rendering; an image of a media item missing here renders without a source).
public sealed record BodyContext(IReadOnlyList<EmbedProvider> Embeds)
{
    public IReadOnlyDictionary<Guid, MediaImage> Media { get; init; } = new Dictionary<Guid, MediaImage>();

    public static readonly BodyContext Default = new(EmbedProvider.All);

    public const string ProvidersSetting = "Embeds:Providers";

    /// Unknown names fail at start-up rather than silently turning embeds into links.
    public static BodyContext From(IConfiguration configuration)
    {
        var section = configuration.GetSection(ProvidersSetting);
        if (!section.Exists())
            return Default;
        // "Embeds:Providers" = "" (an environment variable can't hold an empty array) enables none.
        var names = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value ?? "").Where(n => n.Length > 0).ToArray();
        var providers = names.Select(n => EmbedProvider.All.FirstOrDefault(p => p.Name.Equals(n, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"{ProvidersSetting} names '{n}'; known providers: {string.Join(", ", EmbedProvider.All.Select(p => p.Name))}.")).ToList();
        return new BodyContext(providers);
    }
}
