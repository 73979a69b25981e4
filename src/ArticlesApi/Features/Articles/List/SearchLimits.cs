namespace Articles.List;

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

    /// The last word of q also finds the words it starts when it has at least this many letters or digits: a 1–2
    /// letter prefix would match a large part of every language's words (and of the corpus) for little use.
    public const int MinPrefixLength = 3;

    /// Distinct lexemes of q parsed by every configuration (a word gives 1–5; hyphenated words give one per part).
    public const int MaxLexemes = 40;

    public static readonly string Description =
        $"At most {MaxLength} characters, {MaxWords} words and {MaxOr} `or`; phrases (\"…\") and exclusions (-word) need an API key. " +
        $"As readers type, the last word also finds the words it starts (`sanz` finds \"sanzioni\") when it has at least {MinPrefixLength} letters " +
        "and is not quoted or excluded; articles with the exact word rank above those with only a longer one. " +
        $"Exclusions are applied to the {ExclusionWindow:N0} newest articles that match the rest of q (and the other filters): " +
        "older matches without the excluded words are not listed (this bounds the cost of an exclusion whatever the words).";

    /// Words as websearch_to_tsquery reads them: whitespace-separated tokens with a letter or digit, `or` excepted.
    public static int WordsOf(string q) => Tokens(q).Count(t => !IsOr(t) && t.Any(char.IsLetterOrDigit));

    public static int OrsOf(string q) => Tokens(q).Count(IsOr);

    static string[] Tokens(string q) => q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    static bool IsOr(string token) => token.Equals("or", StringComparison.OrdinalIgnoreCase);

    public static bool HasPhrase(string q) => q.Contains('"');

    /// `-` starts an exclusion at the start of a token (inside a word it joins a hyphenated word).
    public static bool HasExclusion(string q) =>
        Tokens(q).Any(t => t.TrimStart('"').StartsWith('-') && t.Any(char.IsLetterOrDigit));

    /// q without its exclusions (`-word`, `-"a phrase"`), as websearch_to_tsquery reads them.
    public static string WithoutExclusions(string q) =>
        System.Text.RegularExpressions.Regex.Replace(q, @"(?<=^|\s)-(""[^""]*(""|$)|\S+)", " ").Trim();

    /// Exclusions are applied to this many of the newest articles that match the rest of q and the filters (ArticleFilters).
    public const int ExclusionWindow = 1000;

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
