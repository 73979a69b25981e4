using System.Globalization;
using System.Text.RegularExpressions;

namespace ArticlesApi.Infrastructure.Validation;

/// RFC 3339 date-times (`2024-11-12T09:30:00Z`, `2024-11-12T10:30:00.5+01:00`), what OpenAPI's `format: date-time`
/// promises and what the API writes: a date, a time with seconds, at most 7 fraction digits (.NET's precision),
/// and an offset (`Z` or ±hh:mm), never left to guess.
public static partial class Rfc3339
{
    public const string Example = "2024-11-12T09:30:00Z";

    public static bool IsValid(string? value) => string.IsNullOrEmpty(value) || TryParse(value, out _);

    /// The UTC instant, or null when empty or not an RFC 3339 date-time.
    public static DateTime? Parse(string? value) => TryParse(value, out var instant) ? instant : null;

    static bool TryParse(string? value, out DateTime instant)
    {
        instant = default;
        if (value is null || !Shape().IsMatch(value))
            return false;
        if (!DateTimeOffset.TryParse(value.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed))
            return false;
        instant = parsed.UtcDateTime;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
