using System.Text.Json.Serialization;
using ArticlesApi.Infrastructure.Http;

namespace ArticlesApi.Features.Distribution.Feeds;

/// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): member names as the format fixes them; members
/// without a value are left out (the format has no nulls).
public sealed class JsonFeed : IJsonWithMediaType, ISurrogateKeyed
{
    IReadOnlyList<string> _keys = [];

    public IEnumerable<string> SurrogateKeys() => _keys;

    public const string Type = "application/feed+json";
    public const string Version11 = "https://jsonfeed.org/version/1.1";

    public string MediaType() => Type;

    [JsonPropertyName("version")] public string Version { get; init; } = Version11;
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("home_page_url")] public required string HomePageUrl { get; init; }

    [JsonPropertyName("feed_url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FeedUrl { get; init; }

    [JsonPropertyName("description"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    [JsonPropertyName("icon"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Icon { get; init; }

    [JsonPropertyName("language")] public required string Language { get; init; }
    [JsonPropertyName("items")] public required IReadOnlyList<JsonFeedItem> Items { get; init; }

    public static JsonFeed From(Feed feed) => new()
    {
        _keys = feed.Keys,
        Title = feed.Title, HomePageUrl = feed.HomeUrl, FeedUrl = feed.SelfUrl, Description = feed.Description, Icon = feed.LogoUrl,
        Language = feed.Language,
        Items = [.. feed.Items.Select(i => new JsonFeedItem
        {
            Id = i.StableId, Url = i.Url, Title = i.Title, ContentHtml = FeedHtml.Of(i), Summary = i.Excerpt, Image = i.Image?.Url,
            DatePublished = i.Published, DateModified = i.Updated, Language = i.Language,
            Authors = [.. i.Authors.Select(a => new JsonFeedAuthor { Name = a.Name, Url = a.Url, Avatar = a.AvatarUrl })],
            Tags = [.. i.Categories.Select(c => c.Name)],
            Corrections = i.Corrections.Count == 0 ? null : new JsonFeedCorrections
            {
                Items = [.. i.Corrections.Select(c => new JsonFeedCorrection { At = c.At, Kind = c.Kind, Text = c.Text, Html = c.Html })],
            },
        })],
    };
}

public sealed class JsonFeedItem
{
    /// `urn:uuid:<article id>`: never changes with the slug or the URL template.
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("url")] public required string Url { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("content_html")] public required string ContentHtml { get; init; }
    [JsonPropertyName("summary")] public required string Summary { get; init; }

    [JsonPropertyName("image"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Image { get; init; }

    [JsonPropertyName("date_published")] public required DateTime DatePublished { get; init; }
    [JsonPropertyName("date_modified")] public required DateTime DateModified { get; init; }
    [JsonPropertyName("authors")] public required IReadOnlyList<JsonFeedAuthor> Authors { get; init; }
    [JsonPropertyName("tags")] public required IReadOnlyList<string> Tags { get; init; }
    [JsonPropertyName("language")] public required string Language { get; init; }

    /// An extension (JSON Feed §"Extensions": a member starting with an underscore): the article's corrections.
    [JsonPropertyName("_corrections"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonFeedCorrections? Corrections { get; init; }
}

public sealed class JsonFeedAuthor
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("url")] public required string Url { get; init; }

    [JsonPropertyName("avatar"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Avatar { get; init; }
}

public sealed class JsonFeedCorrections
{
    [JsonPropertyName("about")] public string About { get; init; } = "The corrections published with the article, oldest first.";
    [JsonPropertyName("items")] public required IReadOnlyList<JsonFeedCorrection> Items { get; init; }
}

public sealed class JsonFeedCorrection
{
    [JsonPropertyName("at")] public required DateTime At { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// The note as written (Markdown).
    [JsonPropertyName("text")] public required string Text { get; init; }

    /// The note as sanitized HTML.
    [JsonPropertyName("html")] public required string Html { get; init; }
}
