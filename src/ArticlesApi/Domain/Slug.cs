using System.Text;
using AnyAscii;

namespace ArticlesApi.Domain;

/// URL-safe slugs: accents folded and scripts transliterated ("perché" → "perche", "Łódź" → "lodz").
public static class Slug
{
    public const int MaxLength = 120;
    public const string Pattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

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
        return result.Length == 0 ? "untitled" : result;
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
