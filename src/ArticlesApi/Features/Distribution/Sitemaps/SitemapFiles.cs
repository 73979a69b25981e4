using System.Globalization;
using System.Text.RegularExpressions;

namespace ArticlesApi.Features.Distribution.Sitemaps;

public enum SitemapKind { Articles, Authors, Tags, Sources }

/// One sitemap the index lists: `articles-2026-11.xml` (published articles of a month, UTC), `authors.xml`,
/// `tags.xml`, `sources.xml`; past 50,000 URLs the next files of the same list are numbered from 2
/// (`articles-2026-11-2.xml`, `tags-2.xml`), each of at most MaxUrls, in a fixed order (publication or creation
/// time, then id).
public sealed partial record SitemapFile(SitemapKind Kind, DateTime? Month, int Page)
{
    /// The protocol's limit of URLs in one sitemap (https://www.sitemaps.org/protocol.html#index).
    public const int MaxUrls = 50_000;

    public int Skip => (Page - 1) * MaxUrls;

    public string Name
    {
        get
        {
            var list = Kind switch
            {
                SitemapKind.Articles => "articles-" + Month!.Value.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                _ => Kind.ToString().ToLowerInvariant(),
            };
            return Page == 1 ? list : $"{list}-{Page}";
        }
    }

    /// `name` as the route gives it (without `.xml`); null for anything that is not a sitemap's name.
    public static SitemapFile? Parse(string name)
    {
        var match = NamePattern().Match(name);
        if (!match.Success)
            return null;
        var page = 1;
        if (match.Groups["page"].Success && (!int.TryParse(match.Groups["page"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 2))
            return null;
        if (match.Groups["year"].Success)
        {
            var year = int.Parse(match.Groups["year"].ValueSpan, CultureInfo.InvariantCulture);
            var month = int.Parse(match.Groups["month"].ValueSpan, CultureInfo.InvariantCulture);
            return year is < 1 or > 9998 || month is < 1 or > 12 ? null
                : new SitemapFile(SitemapKind.Articles, new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc), page);
        }
        return Enum.TryParse<SitemapKind>(match.Groups["list"].Value, ignoreCase: true, out var kind) && kind != SitemapKind.Articles
            ? new SitemapFile(kind, null, page)
            : null;
    }

    [GeneratedRegex(@"^(?:articles-(?<year>[0-9]{4})-(?<month>[0-9]{2})|(?<list>authors|tags|sources))(?:-(?<page>[1-9][0-9]{0,5}))?$")]
    private static partial Regex NamePattern();
}
