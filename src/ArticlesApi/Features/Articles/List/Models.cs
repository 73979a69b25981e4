using System.Globalization;
using System.Text.RegularExpressions;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using FluentValidation;

namespace Articles.List;

sealed class Request : PageRequest
{
    /// Full-text search, in the language of each article (websearch syntax: "exact phrase", -exclude, or).
    public string? Q { get; set; }

    /// Tag slugs; a comma list means any of them.
    public string? Tag { get; set; }

    /// Author slugs; a comma list means any of them.
    public string? Author { get; set; }

    /// Source slugs (articles citing the source); a comma list means any of them.
    public string? Source { get; set; }

    /// BCP 47 tag. A bare language (`pt`) also matches its regional variants (`pt-BR`).
    public string? Language { get; set; }

    /// Published at or after this instant (ISO 8601 date or date-time; UTC when no offset).
    public string? PublishedAfter { get; set; }

    /// Published strictly before this instant.
    public string? PublishedBefore { get; set; }

    /// `-publishedAt` (default), `publishedAt`, `-updatedAt`, `title`, `relevance` (default with `q`).
    public string? Sort { get; set; }

    /// Comma list of `published` (default), `scheduled`, `draft`, `archived`, or `any`. Anything but
    /// `published` needs an API key that may see unpublished articles.
    public string? Status { get; set; }
}

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
    DateTime? PublishedAfter, DateTime? PublishedBefore, ArticleSort Sort, IReadOnlySet<ArticleStatus> Statuses)
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
            StatusSet(r.Status));
    }

    /// Whether the best plan depends on the values: how common the words, tags, authors or sources are.
    public bool DependsOnValues => Q is not null || Tags.Length > 0 || Authors.Length > 0 || Sources.Length > 0;

    public bool OnlyPublished => Statuses.Count == 1 && Statuses.Contains(ArticleStatus.Published);

    /// Drafts (and archived articles that were never published) have no publishedAt: the date
    /// sorts then fall back to createdAt, so keyset paging never compares with NULL.
    public bool IncludesUndated => Statuses.Contains(ArticleStatus.Draft) || Statuses.Contains(ArticleStatus.Archived);

    public static bool IsStatusList(string? value) =>
        string.IsNullOrEmpty(value) || value.Split(',', StringSplitOptions.TrimEntries).All(s => s == "any" || Enum.TryParse<ArticleStatus>(s, true, out _) && s.All(char.IsLower));

    static HashSet<ArticleStatus> StatusSet(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return [ArticleStatus.Published];
        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return names.Contains("any") ? [.. Enum.GetValues<ArticleStatus>()] : [.. names.Select(n => Enum.Parse<ArticleStatus>(n, true))];
    }

    /// What a cursor is bound to: the sort and every filter.
    public string Scope => string.Join('\u001f', "articles", Sort, Q, string.Join(',', Tags), string.Join(',', Authors),
        string.Join(',', Sources), Language, PublishedAfter?.Ticks, PublishedBefore?.Ticks, string.Join(',', Statuses.Order()));

    public static bool IsSort(string? value, bool hasQuery) =>
        string.IsNullOrEmpty(value) || (Sorts.TryGetValue(value, out var sort) && (sort != ArticleSort.Relevance || hasQuery));

    public static bool IsSlugList(string? value)
    {
        var slugs = SlugList(value);
        return slugs.Length <= MaxSlugs && slugs.All(s => s.Length <= Slug.MaxLength && SlugPattern().IsMatch(s));
    }

    public static bool IsLanguage(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return true;
        if (value.Length > 35 || !LanguageTagPattern().IsMatch(value))
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

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTagPattern();
}

sealed class Validator : Validator<Request>
{
    public Validator()
    {
        Include(new PageRules());
        RuleFor(r => r.Q).MaximumLength(SearchLimits.MaxLength)
            .WithMessage($"q must be at most {SearchLimits.MaxLength} characters.")
            .Must(q => q is null || !q.Any(c => char.IsControl(c) && !char.IsWhiteSpace(c)))
            .WithMessage("q must not contain control characters.")
            .Must(q => q is null || SearchLimits.WordsOf(q) <= SearchLimits.MaxWords)
            .WithMessage($"q may have at most {SearchLimits.MaxWords} words.")
            .Must(q => q is null || SearchLimits.OrsOf(q) <= SearchLimits.MaxOr)
            .WithMessage($"q may have at most {SearchLimits.MaxOr} `or` (three alternatives).");
        RuleFor(r => r.Tag).Must(ArticleQuery.IsSlugList)
            .WithMessage($"tag must be a slug or a comma list of up to {ArticleQuery.MaxSlugs} slugs.");
        RuleFor(r => r.Author).Must(ArticleQuery.IsSlugList)
            .WithMessage($"author must be a slug or a comma list of up to {ArticleQuery.MaxSlugs} slugs.");
        RuleFor(r => r.Source).Must(ArticleQuery.IsSlugList)
            .WithMessage($"source must be a slug or a comma list of up to {ArticleQuery.MaxSlugs} slugs.");
        RuleFor(r => r.Language).Must(ArticleQuery.IsLanguage)
            .WithMessage("language must be a known BCP 47 language tag, such as it, en or pt-BR.");
        RuleFor(r => r.PublishedAfter).Must(ArticleQuery.IsInstant)
            .WithMessage("publishedAfter must be an ISO 8601 date or date-time, such as 2024-11-12 or 2024-11-12T09:30:00Z.");
        RuleFor(r => r.PublishedBefore).Must(ArticleQuery.IsInstant)
            .WithMessage("publishedBefore must be an ISO 8601 date or date-time, such as 2024-11-12 or 2024-11-12T09:30:00Z.");
        RuleFor(r => r.Status).Must(ArticleQuery.IsStatusList)
            .WithMessage("status must be a comma list of published, scheduled, draft, archived, or any.");
        RuleFor(r => r.Sort).Must((r, sort) => ArticleQuery.IsSort(sort, !string.IsNullOrWhiteSpace(r.Q)))
            .WithMessage(r => string.IsNullOrWhiteSpace(r.Q) && r.Sort == "relevance"
                ? "sort=relevance needs q."
                : $"sort must be one of {ArticleQuery.SortNames}.");
    }
}

/// What a search may ask for: a search costs with the query the server builds from q (q parsed by every
/// language's configuration, each parse ranked and highlighted), and at 100k articles a 300-character q
/// of `or` terms cost 64–90× a one-word search (four words up to 5.4×), one exclusion of a word that co-occurs with the
/// searched one or a three-word phrase 89–290× (a misestimated date walk reads almost every article's vector). Within these limits the
/// worst measured search costs under 5× a one-word search (bench/studies/search-complexity-100k).
static class SearchLimits
{
    public const int MaxLength = 100;
    public const int MaxWords = 3;
    public const int MaxOr = 2;

    /// Distinct lexemes of q parsed by every configuration (a word gives 1–5; hyphenated words give one per part).
    public const int MaxLexemes = 40;

    public static readonly string Description =
        $"At most {MaxLength} characters, {MaxWords} words and {MaxOr} `or`; phrases (\"…\") and exclusions (-word) need an API key.";

    /// Words as websearch_to_tsquery reads them: whitespace-separated tokens with a letter or digit, `or` excepted.
    public static int WordsOf(string q) => Tokens(q).Count(t => !IsOr(t) && t.Any(char.IsLetterOrDigit));

    public static int OrsOf(string q) => Tokens(q).Count(IsOr);

    static string[] Tokens(string q) => q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    static bool IsOr(string token) => token.Equals("or", StringComparison.OrdinalIgnoreCase);

    public static bool HasPhrase(string q) => q.Contains('"');

    /// `-` starts an exclusion at the start of a token (inside a word it joins a hyphenated word).
    public static bool HasExclusion(string q) =>
        Tokens(q).Any(t => t.TrimStart('"').StartsWith('-') && t.Any(char.IsLetterOrDigit));

    public static int LexemesOf(NpgsqlTypes.NpgsqlTsQuery query)
    {
        var lexemes = new HashSet<string>(StringComparer.Ordinal);
        Collect(query);
        return lexemes.Count;

        void Collect(NpgsqlTypes.NpgsqlTsQuery node)
        {
            switch (node)
            {
                case NpgsqlTypes.NpgsqlTsQueryLexeme lexeme:
                    lexemes.Add(lexeme.Text);
                    break;
                case NpgsqlTypes.NpgsqlTsQueryNot not:
                    Collect(not.Child);
                    break;
                case NpgsqlTypes.NpgsqlTsQueryBinOp binary:
                    Collect(binary.Left);
                    Collect(binary.Right);
                    break;
            }
        }
    }
}

/// Where the next page starts: the sort key of the last row seen, and its id. Exactly the key of the
/// query's sort is present (optional members: an absent one is null, and nulls are not written).
sealed record ArticleCursor(Guid Id, long? At = null, string? Title = null, float? Rank = null)
{
    public bool IsValidFor(ArticleQuery query, int titleMaxLength) => CursorFields.IsId(Id) && query.Sort switch
    {
        ArticleSort.Title => CursorFields.IsText(Title, titleMaxLength) && At is null && Rank is null,
        ArticleSort.Relevance => CursorFields.IsRank(Rank) && At is null && Title is null,
        // Undated rows page by createdAt instead, so every date sort's cursor has an instant.
        _ => CursorFields.IsInstant(At) && Title is null && Rank is null,
    };
}
