using System.Globalization;
using System.Text.RegularExpressions;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Validation;

namespace Articles.List;

enum ArticleSort
{
    PublishedAtDescending,
    PublishedAtAscending,
    UpdatedAtDescending,
    Title,
    Relevance,
}

/// The request's parameters, parsed once they are valid.
sealed partial record ArticleQuery(
    string? Q, string[] Tags, string[] Authors, string[] Sources, string? Language,
    DateTime? PublishedAfter, DateTime? PublishedBefore, ArticleSort Sort, IReadOnlySet<ArticleStatus> Statuses,
    DateTime? UpdatedAfter = null, DateTime? UpdatedBefore = null,
    ArticleKind[]? Kinds = null, bool? Featured = null, string? TranslationOf = null, bool Trashed = false)
{
    public const int MaxSlugs = 20;

    static readonly Dictionary<string, ArticleSort> Sorts = new(StringComparer.Ordinal)
    {
        ["-publishedAt"] = ArticleSort.PublishedAtDescending,
        ["publishedAt"] = ArticleSort.PublishedAtAscending,
        ["-updatedAt"] = ArticleSort.UpdatedAtDescending,
        ["title"] = ArticleSort.Title,
        ["relevance"] = ArticleSort.Relevance,
    };

    public static string SortNames => string.Join(", ", Sorts.Keys);

    public static ArticleQuery From(Request r)
    {
        var q = string.IsNullOrWhiteSpace(r.Q) ? null : r.Q.Trim();
        return new ArticleQuery(
            q, SlugList(r.Tag), SlugList(r.Author), SlugList(r.Source),
            string.IsNullOrEmpty(r.Language) ? null : CultureInfo.GetCultureInfo(r.Language, predefinedOnly: true).Name,
            Instant(r.PublishedAfter), Instant(r.PublishedBefore),
            string.IsNullOrEmpty(r.Sort) ? (q is null ? ArticleSort.PublishedAtDescending : ArticleSort.Relevance) : Sorts[r.Sort],
            StatusSet(r.Status), Rfc3339.Parse(r.UpdatedAfter), Rfc3339.Parse(r.UpdatedBefore),
            KindList(r.Kind), string.IsNullOrEmpty(r.Featured) ? null : bool.Parse(r.Featured),
            string.IsNullOrEmpty(r.TranslationOf) ? null : r.TranslationOf, IsTrash(r.Status));
    }

    /// Whether any filter of wave 2 (kind, featured, translationOf, the trash) is given: the compiled front page serves none.
    public bool HasCurationFilters => Kinds is { Length: > 0 } || Featured is not null || TranslationOf is not null || Trashed;

    static readonly Dictionary<string, ArticleKind> KindNames =
        Enum.GetValues<ArticleKind>().ToDictionary(k => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(k.ToString()), StringComparer.Ordinal);

    public static bool IsKindList(string? value) =>
        string.IsNullOrEmpty(value) || value.Split(',', StringSplitOptions.TrimEntries).All(KindNames.ContainsKey);

    static ArticleKind[]? KindList(string? value) =>
        string.IsNullOrEmpty(value) ? null : [.. value.Split(',', StringSplitOptions.TrimEntries).Select(k => KindNames[k]).Distinct().Order()];

    /// `trashed` among the statuses: the trash, in the other statuses given (all when none).
    static bool IsTrash(string? value) =>
        value is not null && value.Split(',', StringSplitOptions.TrimEntries).Contains("trashed");

    public static bool IsIdOrSlug(string? value) =>
        string.IsNullOrEmpty(value) || Guid.TryParse(value, out _) || (value.Length <= Slug.MaxLength && SlugPattern().IsMatch(value));

    /// Whether the best plan depends on the values: how common the words, tags, authors or sources are.
    public bool DependsOnValues => Q is not null || Tags.Length > 0 || Authors.Length > 0 || Sources.Length > 0
        || UpdatedAfter is not null || UpdatedBefore is not null;

    public bool OnlyPublished => Statuses.Count == 1 && Statuses.Contains(ArticleStatus.Published);

    /// Drafts (and archived articles that were never published) have no publishedAt: the date
    /// sorts then fall back to createdAt, so keyset paging never compares with NULL.
    public bool IncludesUndated => Statuses.Contains(ArticleStatus.Draft) || Statuses.Contains(ArticleStatus.Archived);

    public static bool IsStatusList(string? value) =>
        string.IsNullOrEmpty(value) || value.Split(',', StringSplitOptions.TrimEntries).All(s => s is "any" or "trashed" || Enum.TryParse<ArticleStatus>(s, true, out _) && s.All(char.IsLower));

    static HashSet<ArticleStatus> StatusSet(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return [ArticleStatus.Published];
        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(n => n != "trashed").ToArray();
        if (names.Length == 0)
            return [.. Enum.GetValues<ArticleStatus>()];
        return names.Contains("any") ? [.. Enum.GetValues<ArticleStatus>()] : [.. names.Select(n => Enum.Parse<ArticleStatus>(n, true))];
    }

    /// What a cursor is bound to: the sort and every filter. The updated range is added only when given, so
    /// cursors given out before it existed stay valid.
    public string Scope => string.Join('\u001f', "articles", Sort, Q, string.Join(',', Tags), string.Join(',', Authors),
        string.Join(',', Sources), Language, PublishedAfter?.Ticks, PublishedBefore?.Ticks, string.Join(',', Statuses.Order()))
        + (UpdatedAfter is null && UpdatedBefore is null ? "" : $"\u001fupdated\u001f{UpdatedAfter?.Ticks}\u001f{UpdatedBefore?.Ticks}")
        + (HasCurationFilters ? $"\u001fcuration\u001f{string.Join(',', Kinds ?? [])}\u001f{Featured}\u001f{TranslationOf}\u001f{Trashed}" : "");

    public static bool IsSort(string? value, bool hasQuery) =>
        string.IsNullOrEmpty(value) || (Sorts.TryGetValue(value, out var sort) && (sort != ArticleSort.Relevance || hasQuery));

    /// What IsSlugList, IsLanguage, IsInstant and q's rule accept, as ECMA-262 patterns for the document ([QuerySchema]):
    /// slugs separated by commas (blanks around them and empty entries ignored); a language tag's shape (the server also
    /// asks that .NET knows the culture); the instants InstantFormats reads; no control characters but white space.
    public const string SlugListPattern = @"^\s*(?:[a-z0-9]+(?:-[a-z0-9]+)*)?\s*(?:,\s*(?:[a-z0-9]+(?:-[a-z0-9]+)*)?\s*)*$";
    public const string LanguageFilterPattern = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$";
    public const int MaxLanguageLength = 35;
    public const string InstantPattern = @"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,7})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?$";
    public const string NoControlCharacters = @"^[^\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]*$";

    public static bool IsSlugList(string? value)
    {
        var slugs = SlugList(value);
        return slugs.Length <= MaxSlugs && slugs.All(s => s.Length <= Slug.MaxLength && SlugPattern().IsMatch(s));
    }

    public static bool IsLanguage(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return true;
        if (value.Length > MaxLanguageLength || !LanguageTagPattern().IsMatch(value))
            return false;
        try
        {
            var culture = CultureInfo.GetCultureInfo(value, predefinedOnly: true);
            return culture.Name.Length > 0;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    public static bool IsInstant(string? value) => string.IsNullOrEmpty(value) || TryInstant(value, out _);

    static string[] SlugList(string? value) =>
        string.IsNullOrEmpty(value) ? [] : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();

    static DateTime? Instant(string? value) => TryInstant(value, out var instant) ? instant : null;

    static readonly string[] InstantFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
         "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    static bool TryInstant(string? value, out DateTime instant)
    {
        instant = default;
        if (!DateTimeOffset.TryParseExact(value, InstantFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            return false;
        instant = parsed.UtcDateTime;
        return true;
    }

    [GeneratedRegex(Slug.Pattern)]
    private static partial Regex SlugPattern();

    [GeneratedRegex(LanguageFilterPattern)]
    private static partial Regex LanguageTagPattern();
}
