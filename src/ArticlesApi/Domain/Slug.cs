using System.Text;
using System.Text.RegularExpressions;
using AnyAscii;

namespace ArticlesApi.Domain;

/// URL-safe slugs: accents folded and scripts transliterated ("perché" → "perche", "Łódź" → "lodz").
/// A slug is never shaped like an id: URLs take either, and a UUID-shaped slug could answer for
/// another resource's id.
public static partial class Slug
{
    public const int MaxLength = 120;
    const string Shape = "[a-z0-9]+(?:-[a-z0-9]+)*";

    /// For the database's CHECK and the OpenAPI document, where `$` ends the string.
    public const string Pattern = "^" + Shape + "$";

    /// Whether `slug` has the shape of Pattern. In .NET `$` also matches before a final newline, so "esteri\n" passed
    /// a validator written with Pattern, and the CHECK refused it (500).
    public static bool IsWellFormed(string slug) => WellFormed().IsMatch(slug);

    [GeneratedRegex("^" + Shape + @"\z")]
    private static partial Regex WellFormed();

    /// Slugs that Guid.TryParse could read: 8-4-4-4-12 or 32 characters, hex digits and the "0x"
    /// that .NET accepts at the start of a group (a superset: "x" anywhere). The same expression is a
    /// CHECK constraint of every slugged table.
    public const string IdShapedPattern = "^(?:[0-9a-fx]{8}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{12}|[0-9a-fx]{32})$";

    /// Whether `slug` could be read as an id (then it is refused, and generated slugs avoid it).
    public static bool LooksLikeId(string slug) => Guid.TryParse(slug, out _) || IdShaped().IsMatch(slug);

    [GeneratedRegex(IdShapedPattern)]
    private static partial Regex IdShaped();

    public static string From(string text)
    {
        var ascii = text.Transliterate().ToLowerInvariant();
        var slug = new StringBuilder(ascii.Length);
        foreach (var c in ascii)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        var result = slug.ToString().Trim('-');
        if (result.Length > MaxLength)
            result = result[..MaxLength].TrimEnd('-');
        if (result.Length == 0)
            return "untitled";
        // A title such as "0190c3a2-…" would give a slug that reads as an id.
        return LooksLikeId(result) ? result + "-1" : result;
    }

    /// "title", then "title-2", "title-3"… until one is free.
    public static string FirstFree(string baseSlug, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(baseSlug))
            return baseSlug;
        for (var n = 2; ; n++)
        {
            var suffix = $"-{n}";
            var candidate = (baseSlug.Length + suffix.Length > MaxLength ? baseSlug[..(MaxLength - suffix.Length)] : baseSlug) + suffix;
            if (!taken.Contains(candidate))
                return candidate;
        }
    }
}
