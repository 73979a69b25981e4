using NpgsqlTypes;

namespace Articles.List;

/// The side table's query (article_search_postings, ADR 0034 "searchrum") built from <see cref="Search.Marked"/> without asking
/// the database: each parse of q keyed by the configurations its markers name (`'ossez':* & 'config italian'` gives
/// `'italian ossez':*`, as searchrum_keyed_query keys it), only in the configurations that articles are written in
/// (article_search_postings_configs, kept by a trigger on the side table). A prefix that another lexeme of the same `or`
/// starts with stands for both (`'italian ossez':* | 'italian ossezia':*` is `'italian ossez':*`): RUM then looks up one entry.
static class SearchKeys
{
    /// A marker lexeme of Search.Marked: `config italian`.
    const string MarkerPrefix = "config ";

    /// Empty (NodeKind.Empty) when no parse is in one of `configs` (nothing can match); null when marked is not shaped as
    /// articles_search_queries writes it (the caller then keeps the GIN path).
    public static NpgsqlTsQuery? Keyed(NpgsqlTsQuery marked, IReadOnlyCollection<string> configs)
    {
        NpgsqlTsQuery? keyed = null;
        var groups = new List<(NpgsqlTsQuery Parse, List<string> Configs)>();
        if (!Groups(marked, groups))
            return null;
        foreach (var (parse, markers) in groups)
            foreach (var config in markers.Where(configs.Contains))
            {
                var arm = Key(parse, config + " ");
                keyed = keyed is null ? arm : new NpgsqlTsQueryOr(keyed, arm);
            }
        return keyed ?? new NpgsqlTsQueryEmpty();
    }

    /// Each configuration's parse of q (`articles_italian` → `'tratt':* | 'trattato':*`), as Marked pairs them with the markers:
    /// what <see cref="ArticlesApi.Data.ArticleSearch.MatchesOwn"/> checks on the row's own configuration. Null when marked is not
    /// shaped as articles_search_queries writes it.
    public static (string[] Configs, NpgsqlTsQuery[] Parses)? ByConfig(NpgsqlTsQuery marked)
    {
        var groups = new List<(NpgsqlTsQuery Parse, List<string> Configs)>();
        if (!Groups(marked, groups))
            return null;
        var pairs = groups.SelectMany(g => g.Configs.Select(config => (Config: "articles_" + config, g.Parse))).ToArray();
        return ([.. pairs.Select(p => p.Config)], [.. pairs.Select(p => p.Parse)]);
    }

    /// Marked is `(parse) & (markers) | (parse) & (markers) | …` (articles_search_queries).
    static bool Groups(NpgsqlTsQuery node, List<(NpgsqlTsQuery Parse, List<string> Configs)> groups)
    {
        switch (node)
        {
            case NpgsqlTsQueryOr either:
                return Groups(either.Left, groups) && Groups(either.Right, groups);
            case NpgsqlTsQueryAnd both when Markers(both.Right) is { } configs:
                groups.Add((both.Left, configs));
                return true;
            default:
                return false;
        }
    }

    static List<string>? Markers(NpgsqlTsQuery node) => node switch
    {
        NpgsqlTsQueryLexeme { Text: var text } when text.StartsWith(MarkerPrefix, StringComparison.Ordinal) => [text[MarkerPrefix.Length..]],
        NpgsqlTsQueryOr either when Markers(either.Left) is { } left && Markers(either.Right) is { } right => [.. left, .. right],
        _ => null,
    };

    static NpgsqlTsQuery Key(NpgsqlTsQuery node, string key) => node switch
    {
        NpgsqlTsQueryLexeme lexeme => new NpgsqlTsQueryLexeme(key + lexeme.Text, lexeme.Weights, lexeme.IsPrefixSearch),
        NpgsqlTsQueryNot negated => new NpgsqlTsQueryNot(Key(negated.Child, key)),
        NpgsqlTsQueryAnd both => new NpgsqlTsQueryAnd(Key(both.Left, key), Key(both.Right, key)),
        NpgsqlTsQueryFollowedBy followed => new NpgsqlTsQueryFollowedBy(Key(followed.Left, key), followed.Distance, Key(followed.Right, key)),
        NpgsqlTsQueryOr either => Or(Key(either.Left, key), Key(either.Right, key)),
        _ => node,
    };

    /// The side table's terms as its GIN index holds them (migration SearchKeysTermsIndex): the keyed vector and, for each of its
    /// lexemes, the prefixes of its stem from MinPrefix to MaxPrefix characters, each ending in `*` (`'italian sold*'`).
    public const string Terms = "(d.vector || article_search_prefixes(d.vector))";

    /// The filter keys as the same index holds them: an expression (the same array), so that the keys' RUM index, which holds the
    /// column for the filter walk, is not read in its place.
    public const string IndexedKeys = "array_remove(d.keys, NULL)";

    public const int MinPrefix = 3;
    public const int MaxPrefix = 12;

    /// `keyed` for Terms: each prefix whose stem has MinPrefix to MaxPrefix characters becomes the one entry that holds every
    /// lexeme it starts (`'italian sol':*` → `'italian sol*'`). GIN reads a prefix by merging every lexeme's posting list into a
    /// bitmap (at 1M `sol:*` in Italian: 55 ms, whatever the other words), where an entry's posting list is skipped through to the
    /// rows of q's rarest word.
    public static NpgsqlTsQuery Prefixed(NpgsqlTsQuery keyed) => keyed switch
    {
        NpgsqlTsQueryLexeme lexeme when IsPrefixEntry(lexeme) => new NpgsqlTsQueryLexeme(lexeme.Text + "*"),
        NpgsqlTsQueryNot negated => new NpgsqlTsQueryNot(Prefixed(negated.Child)),
        NpgsqlTsQueryAnd both => new NpgsqlTsQueryAnd(Prefixed(both.Left), Prefixed(both.Right)),
        NpgsqlTsQueryOr either => new NpgsqlTsQueryOr(Prefixed(either.Left), Prefixed(either.Right)),
        // A phrase's words need their positions, which the prefix entries have none of.
        _ => keyed,
    };

    /// Whether Prefixed turns a prefix of `keyed` into an entry.
    public static bool HasPrefixEntries(NpgsqlTsQuery keyed) => keyed switch
    {
        NpgsqlTsQueryLexeme lexeme => IsPrefixEntry(lexeme),
        NpgsqlTsQueryNot negated => HasPrefixEntries(negated.Child),
        NpgsqlTsQueryAnd or NpgsqlTsQueryOr => HasPrefixEntries(((NpgsqlTsQueryBinOp)keyed).Left) || HasPrefixEntries(((NpgsqlTsQueryBinOp)keyed).Right),
        _ => false,
    };

    /// `keyed` without the prefixes Prefixed leaves to GIN's partial match, stems under MinPrefix characters (`'english in':*`:
    /// the posting list of every English lexeme it starts merged into a bitmap, ~65 ms at 1M, whatever q's other words), where
    /// that keeps a superset of q's matches (SearchCore.Without); null when q has none or one cannot go.
    public static NpgsqlTsQuery? WithoutShortPrefixes(NpgsqlTsQuery keyed) =>
        SearchCore.Without(keyed, lexeme => lexeme.IsPrefixSearch && StemLength(lexeme) < MinPrefix);

    static bool IsPrefixEntry(NpgsqlTsQueryLexeme lexeme) => lexeme is { IsPrefixSearch: true, Weights: NpgsqlTsQueryLexeme.Weight.None }
        && StemLength(lexeme) is >= MinPrefix and <= MaxPrefix;

    /// The characters of a keyed lexeme's stem (`'english in'`: 2), after its configuration's key; null when it has no key.
    static int? StemLength(NpgsqlTsQueryLexeme lexeme) =>
        lexeme.Text.IndexOf(' ') is var space and > 0 ? lexeme.Text[(space + 1)..].EnumerateRunes().Count() : null;

    /// What article_search_prefixes gives instead of the prefixes when the vector and they would pass 1 MB, a tsvector's limit
    /// (a 100,000-character body of varied words): such rows are read apart, q checked on their vectors (SearchMatchSet.OmittedArm).
    public const string PrefixesOmitted = "prefixes omitted";

    /// Every lexeme of the query OR'ed (operators and phrases dropped): what the router estimates. RUM reads the postings of
    /// every entry of q before it orders them, so an `and` or a phrase costs what the OR of its words costs: at 1M
    /// `"guerra fredda"` (estimated 1,434) took 232 ms of backend CPU in RUM and under 2 on the GIN path, `ossezia zanzibar
    /// trattato` (estimated 9) 245 against 92; their words' OR is estimated at 456k and 653k (bench/studies/searchrum-1m, search1m).
    public static NpgsqlTsQuery AnyTerm(NpgsqlTsQuery query)
    {
        var lexemes = new List<NpgsqlTsQueryLexeme>();
        Collect(query);
        return lexemes.DistinctBy(l => (l.Text, l.Weights, l.IsPrefixSearch)).Aggregate((NpgsqlTsQuery?)null,
            (any, lexeme) => any is null ? lexeme : new NpgsqlTsQueryOr(any, lexeme)) ?? query;

        void Collect(NpgsqlTsQuery node)
        {
            switch (node)
            {
                case NpgsqlTsQueryLexeme lexeme: lexemes.Add(lexeme); break;
                case NpgsqlTsQueryNot negated: Collect(negated.Child); break;
                case NpgsqlTsQueryBinOp binary: Collect(binary.Left); Collect(binary.Right); break;
            }
        }
    }

    /// Of two lexemes OR'ed, the prefix that matches every word the other matches (same weights), when there is one.
    static NpgsqlTsQuery Or(NpgsqlTsQuery left, NpgsqlTsQuery right) => (left, right) switch
    {
        (NpgsqlTsQueryLexeme a, NpgsqlTsQueryLexeme b) when Covers(a, b) => a,
        (NpgsqlTsQueryLexeme a, NpgsqlTsQueryLexeme b) when Covers(b, a) => b,
        _ => new NpgsqlTsQueryOr(left, right),
    };

    static bool Covers(NpgsqlTsQueryLexeme prefix, NpgsqlTsQueryLexeme other) =>
        prefix.IsPrefixSearch && prefix.Weights == other.Weights && other.Text.StartsWith(prefix.Text, StringComparison.Ordinal);
}
