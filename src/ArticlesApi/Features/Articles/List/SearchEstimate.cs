using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// How many articles the search routers expect a query to match, computed in the API as PostgreSQL's planner computes it
/// (ts_selfuncs.c, tsquery_opr_selec) from the most common lexemes ANALYZE keeps: for SearchCore, of the marker index's expression
/// (pg_stats of ix_articles_search_vector_marked), times the share of the language filtered on (pg_stats of articles.language);
/// for SearchWindow, of the RUM side table's keyed vectors (pg_stats of article_search_postings.vector, <see cref="KeyedRowsAsync"/>).
/// The router's EXPLAIN cost ~1 ms of backend CPU per search, most of it the planner's fixed work on a table with 60 indexes
/// (`EXPLAIN … WHERE language = 'it'` alone 0.6 ms; bench/studies/searchrum-1m, section searchcost). The statistics are read
/// again whenever the table has been analysed since (its analyse time comes with the router's catalog statement): nothing
/// cached here depends on q.
static class SearchEstimate
{
    const string MarkerIndex = "ix_articles_search_vector_marked";
    const string Postings = "article_search_postings";

    /// PostgreSQL's DEFAULT_TS_MATCH_SEL: also the most a lexeme ANALYZE did not keep is guessed at (an estimate at or under this
    /// share of the rows may be that guess, not evidence).
    public const double DefaultMatch = 0.005;

    sealed record Stats(string Database, DateTime? Analyzed, Dictionary<string, double> Lexemes, string[] Common, double[] CommonFreqs, double MinFreq,
        Dictionary<string, double> Languages, Dictionary<string, double>? Configs = null, LanguageConfig[]? LanguageConfigs = null);

    /// A language of the side table's most common ones, the configuration its rows are keyed in, and its share of the rows.
    sealed record LanguageConfig(string Language, string Config, double Share);

    static Stats? _stats, _postings;

    /// `analyzed`: the table's last analyse (the router's catalog statement reads it), which the cached statistics must match
    /// (with the database's name: a process may serve several, as the tests' hosts do).
    public static async Task<double> RowsAsync(ArticlesDb db, DateTime? analyzed, double rows, NpgsqlTsQuery query, string? language,
        CancellationToken ct)
    {
        var database = db.Database.GetDbConnection().Database;
        var stats = _stats is { } cached && cached.Database == database && cached.Analyzed == analyzed
            ? cached : _stats = await ReadAsync(db, database, analyzed, ct);
        return rows * Selectivity(query, stats) * (language is null ? 1 : LanguageShare(language, stats));
    }

    /// `keyed`: the lexemes of q's parses keyed by the configurations whose articles they can match (SearchKeys.Keyed: `'english per':*`, not the
    /// Italian articles' `per`), estimated from the side table's own lexemes. Estimated from the plain parses, a word that is a stop
    /// word in one language and starts common words of it (`per`, `come`, `die`, `for`: Italian and German articles) was taken for a
    /// common word and walked in date order, though its own-language matches were few or none: at 1M the walk read every article
    /// and answered 503 (bench/studies/search-stop-1m). `analyzed`: the side table's last analyse, as for RowsAsync.
    /// Null when the side table has no statistics yet (never analysed).
    public static async Task<double?> KeyedRowsAsync(ArticlesDb db, DateTime? analyzed, double rows, NpgsqlTsQuery keyed, CancellationToken ct)
    {
        var stats = await PostingsAsync(db, analyzed, ct);
        return stats.Common.Length == 0 ? null : rows * AnyShare(keyed, stats);
    }

    /// keyedQ's matches, each arm within its configuration as NarrowedAsync counts q's (at most its lexemes OR'ed): SearchTotal
    /// answers its estimate without counting when this is far above the exact limit. Null without the side table's statistics.
    public static async Task<double?> KeyedMatchesAsync(ArticlesDb db, DateTime? analyzed, double rows, NpgsqlTsQuery keyedQ, CancellationToken ct)
    {
        var stats = await PostingsAsync(db, analyzed, ct);
        return stats.Common.Length == 0 ? null : rows * Math.Min(AnyShare(keyedQ, stats), Arms(keyedQ).Sum(arm => Within(arm, stats)));
    }

    /// The fewest public matches keyedQ can have per the side table's statistics, which SearchTotal trusts to skip a count: a
    /// lexeme's frequency in the rows ANALYZE sampled (a prefix: the most common lexeme it starts; an `or`: its more common side;
    /// an `and`, a phrase, a negation or a weighted lexeme: none), each configuration's arm summed with the others' (a row is
    /// keyed in one configuration). `language`: the filter's share of its configuration's rows. At 1M `soldado` (Spanish
    /// `sold`, 19,600 rows) and `nave or abcasia or lau&language=de` (German `lau…`, 31,367) counted 10,001 side rows each
    /// (17–22 ms) to learn they were past the exact limit. Null without statistics.
    public static async Task<double?> KeyedMatchesAtLeastAsync(ArticlesDb db, DateTime? analyzed, double rows, NpgsqlTsQuery keyedQ,
        string? language, CancellationToken ct)
    {
        var stats = await PostingsAsync(db, analyzed, ct);
        if (stats.Common.Length == 0)
            return null;
        double Floor(NpgsqlTsQuery node) => node switch
        {
            NpgsqlTsQueryLexeme { Weights: not NpgsqlTsQueryLexeme.Weight.None } => 0,
            NpgsqlTsQueryLexeme { IsPrefixSearch: false } lexeme => stats.Lexemes.GetValueOrDefault(lexeme.Text),
            NpgsqlTsQueryLexeme prefix => stats.Lexemes.Where(x => x.Key.StartsWith(prefix.Text, StringComparison.Ordinal))
                .Select(x => x.Value).DefaultIfEmpty(0).Max(),
            NpgsqlTsQueryOr either => Math.Max(Floor(either.Left), Floor(either.Right)),
            _ => 0,
        };
        return rows * Math.Min(1, Arms(keyedQ).Sum(arm => Floor(arm) * (language is null ? 1 : FilteredShare(Config(arm), language, stats))));
    }

    /// The share of `config`'s rows in `language` or its variants (ArticleFilters: `pt` also matches `pt-BR`, `pt-BR` only
    /// itself), by the side table's most common languages; 0 when they do not say.
    static double FilteredShare(string? config, string language, Stats stats)
    {
        var of = stats.LanguageConfigs?.Where(l => l.Config == config).ToArray() ?? [];
        var all = of.Sum(l => l.Share);
        var variants = language.Contains('-') ? null : language + "-";
        return all <= 0 ? 0 : of.Where(l => l.Language == language || variants is not null && l.Language.StartsWith(variants, StringComparison.Ordinal)).Sum(l => l.Share) / all;
    }

    /// The share of the side table's rows written in `config` (`spanish`), from its language statistics; null without them.
    public static async Task<double?> ConfigShareAsync(ArticlesDb db, DateTime? analyzed, string config, CancellationToken ct) =>
        (await PostingsAsync(db, analyzed, ct)).Configs?.GetValueOrDefault(config) is > 0 and var share ? share : null;

    /// SearchWindow's core narrowed for RUM (null without the side table's statistics, or when an arm cannot be narrowed: a
    /// lone negation): each `and` and phrase of keyedCore reduced to its side the statistics find rarest. Either side matches
    /// every row the whole does, so the window (q checked on each row) answers the same; RUM reads the postings of every lexeme
    /// it is given whatever the operators, so `'italian paix' & 'italian guerr'` read `guerr`'s (45 % of the rows at 1M) for
    /// an arm that matches nothing. Rows: the narrowed core's matches; Reads: the rows the window checks before n pass q, q's
    /// matches taken among the core's at the rate its other lexemes have within their configuration (the bench's French words
    /// are in every French article: taken as independent over the whole table, `paix guerre sommet` would pass one row in 1,000).
    public static async Task<(NpgsqlTsQuery Core, double Rows, double Reads)?> NarrowedAsync(ArticlesDb db, DateTime? analyzed, double rows,
        NpgsqlTsQuery keyedCore, NpgsqlTsQuery keyedQ, int n, CancellationToken ct)
    {
        var stats = await PostingsAsync(db, analyzed, ct);
        if (stats.Common.Length == 0 || Narrow(keyedCore, stats) is not { } narrowed)
            return null;
        var coreRows = rows * AnyShare(narrowed.Node, stats);
        var passing = Math.Min(coreRows, rows * Arms(keyedQ).Sum(arm => Within(arm, stats)));
        return (narrowed.Node, coreRows, passing >= n ? n * coreRows / passing : coreRows);
    }

    static async Task<Stats> PostingsAsync(ArticlesDb db, DateTime? analyzed, CancellationToken ct)
    {
        var database = db.Database.GetDbConnection().Database;
        return _postings is { } cached && cached.Database == database && cached.Analyzed == analyzed
            ? cached : _postings = await ReadAsync(db, database, analyzed, ct, Postings);
    }

    /// keyed's lexemes OR'ed (SearchKeys.AnyTerm). The planner guesses each lexeme ANALYZE did not keep at half the least
    /// common kept; keyed has one per language q parses, and the guesses summed made `per` (in none of its four languages'
    /// articles) a 1.3 % word at 1M, sent newest first to the date walk. Those lexemes are guessed once together.
    static double AnyShare(NpgsqlTsQuery keyed, Stats stats)
    {
        var rare = Math.Min(DefaultMatch, stats.MinFreq / 2);
        double known = 0;
        var unknown = false;
        foreach (var lexeme in Lexemes(keyed))
        {
            var p = Lexeme(lexeme, stats);
            if (p <= rare)
                unknown = true;
            else
                known += p - known * p;
        }
        return Clamp(unknown ? known + rare - known * rare : known);
    }

    static (NpgsqlTsQuery Node, double Share)? Narrow(NpgsqlTsQuery node, Stats stats)
    {
        switch (node)
        {
            case NpgsqlTsQueryLexeme lexeme:
                return (lexeme, Lexeme(lexeme, stats));
            case NpgsqlTsQueryOr either:
                return Narrow(either.Left, stats) is { } l && Narrow(either.Right, stats) is { } r
                    ? (new NpgsqlTsQueryOr(l.Node, r.Node), Clamp(l.Share + r.Share - l.Share * r.Share)) : null;
            case NpgsqlTsQueryAnd or NpgsqlTsQueryFollowedBy:
                var binary = (NpgsqlTsQueryBinOp)node;
                var (left, right) = (Narrow(binary.Left, stats), Narrow(binary.Right, stats));
                return left is null ? right : right is null || left.Value.Share <= right.Value.Share ? left : right;
            default:
                return null;
        }
    }

    /// keyed's arms (SearchKeys.Keyed: one per parse and configuration, OR'ed).
    static IEnumerable<NpgsqlTsQuery> Arms(NpgsqlTsQuery keyed) =>
        keyed is NpgsqlTsQueryOr either && Config(either.Left) != Config(either.Right) ? Arms(either.Left).Concat(Arms(either.Right)) : [keyed];

    static string? Config(NpgsqlTsQuery node) => Lexemes(node).FirstOrDefault()?.Text is { } text && text.IndexOf(' ') is > 0 and var space
        ? text[..space] : null;

    /// An arm's share of the rows: its configuration's share times its selectivity within it, each lexeme the statistics kept
    /// counted at its share of the configuration's rows; a lexeme they did not keep at its guess over the whole table (a rare
    /// word is not taken to be common in a small language on no evidence).
    static double Within(NpgsqlTsQuery arm, Stats stats)
    {
        var rare = Math.Min(DefaultMatch, stats.MinFreq / 2);
        var share = Config(arm) is { } config && stats.Configs?.GetValueOrDefault(config) is > 0 and var s ? s : 1;
        double Of(NpgsqlTsQuery node) => node switch
        {
            NpgsqlTsQueryLexeme lexeme => Lexeme(lexeme, stats) is var p && p > rare ? Clamp(p / share) : p,
            NpgsqlTsQueryNot negated => Clamp(1 - Of(negated.Child)),
            NpgsqlTsQueryOr either => Of(either.Left) is var a && Of(either.Right) is var b ? Clamp(a + b - a * b) : 0,
            NpgsqlTsQueryBinOp both => Clamp(Of(both.Left) * Of(both.Right)),
            _ => 0,
        };
        return share * Of(arm);
    }

    static IEnumerable<NpgsqlTsQueryLexeme> Lexemes(NpgsqlTsQuery node) => node switch
    {
        NpgsqlTsQueryLexeme lexeme => [lexeme],
        NpgsqlTsQueryNot negated => Lexemes(negated.Child),
        NpgsqlTsQueryBinOp binary => Lexemes(binary.Left).Concat(Lexemes(binary.Right)),
        _ => [],
    };

    static async Task<Stats> ReadAsync(ArticlesDb db, string database, DateTime? analyzed, CancellationToken ct, string source = MarkerIndex)
    {
        var lexemes = await db.Database.SqlQuery<Common>($"""
            SELECT s.most_common_elems::text::text[] AS names, s.most_common_elem_freqs AS frequencies
            FROM pg_stats AS s WHERE s.schemaname = current_schema() AND s.tablename = {source} AND s.most_common_elems IS NOT NULL
                AND s.attname <> 'keys' -- the side table's filter keys (migration SearchFilterKeys) have element statistics too
            """).SingleOrDefaultAsync(ct);
        var languages = source != MarkerIndex ? null : await db.Database.SqlQuery<Common>($"""
            SELECT s.most_common_vals::text::text[] AS names, s.most_common_freqs AS frequencies
            FROM pg_stats AS s WHERE s.schemaname = current_schema() AND s.tablename = 'articles' AND s.attname = 'language'
            """).SingleOrDefaultAsync(ct);
        // The side table's languages with the configurations their lexemes are keyed by (`fr` → `french`), for NarrowedAsync
        // (each configuration's share) and KeyedMatchesAtLeastAsync (a language filter's share of its configuration).
        var languageConfigs = source != Postings ? null : await db.Database.SqlQuery<LanguageConfig>($"""
            SELECT l.language, btrim(searchrum_key(articles_search_config(l.language))) AS config, l.share::float8 AS share
            FROM pg_stats AS s, unnest(s.most_common_vals::text::text[], s.most_common_freqs) AS l(language, share)
            WHERE s.schemaname = current_schema() AND s.tablename = {source} AND s.attname = 'language'
            """).ToArrayAsync(ct);
        var configs = languageConfigs?.GroupBy(l => l.Config, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Share), StringComparer.Ordinal);
        // MCELEM: one frequency per lexeme, then the lowest and the highest (ts_typanalyze.c); without them the planner punts.
        var (names, frequencies) = lexemes is { Names: { } n, Frequencies: { } f } && f.Length == n.Length + 2 ? (n, f) : ([], [0f, 0f]);
        return new Stats(database, analyzed,
            names.Zip(frequencies, (n, f) => (n, (double)f)).ToDictionary(x => x.n, x => x.Item2, StringComparer.Ordinal),
            names, frequencies.Take(names.Length).Select(f => (double)f).ToArray(), frequencies[^2],
            languages is { Names: { } codes, Frequencies: { } shares }
                ? codes.Zip(shares, (c, s) => (c, (double)s)).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal) : [], configs, languageConfigs);
    }

    sealed record Common(string[]? Names, float[]? Frequencies);

    static double Selectivity(NpgsqlTsQuery node, Stats stats)
    {
        switch (node)
        {
            case NpgsqlTsQueryLexeme lexeme:
                return Lexeme(lexeme, stats);
            case NpgsqlTsQueryNot negated:
                return Clamp(1 - Selectivity(negated.Child, stats));
            case NpgsqlTsQueryOr either:
                var (a, b) = (Selectivity(either.Left, stats), Selectivity(either.Right, stats));
                return Clamp(a + b - a * b);
            case NpgsqlTsQueryBinOp both: // AND and followed-by (a phrase is estimated as its words ANDed)
                return Clamp(Selectivity(both.Left, stats) * Selectivity(both.Right, stats));
            default:
                return 0;
        }
    }

    /// tsquery_opr_selec for one lexeme: its frequency when it is a common one, else half the lowest frequency kept (at most
    /// DEFAULT_TS_MATCH_SEL); a prefix sums the common lexemes it starts and extrapolates their share to the rest.
    static double Lexeme(NpgsqlTsQueryLexeme lexeme, Stats stats)
    {
        var rare = Math.Min(DefaultMatch, stats.MinFreq / 2);
        if (stats.Common.Length == 0)
            return lexeme.IsPrefixSearch ? DefaultMatch * 4 : DefaultMatch;
        if (!lexeme.IsPrefixSearch)
            return stats.Lexemes.TryGetValue(lexeme.Text, out var frequency) ? frequency : rare;
        if (stats.Common.Length < 100)
            return DefaultMatch * 4;
        double matched = 0, all = 0;
        var n = 0;
        for (var i = 0; i < stats.Common.Length; i++)
        {
            var f = stats.CommonFreqs[i];
            if (stats.Common[i].StartsWith(lexeme.Text, StringComparison.Ordinal))
            {
                matched += f - matched * f;
                n++;
            }
            all += f - all * f;
        }
        return Math.Max(rare, Clamp(matched) + (1 - Clamp(all)) * n / stats.Common.Length);
    }

    /// The share of articles in `language` or its variants (ArticleFilters: `pt` also matches `pt-BR`); a language outside the
    /// most common values is taken as common as the least common of them (an upper bound).
    static double LanguageShare(string language, Stats stats)
    {
        if (stats.Languages.Count == 0)
            return 1;
        var variants = language.Contains('-') ? null : language + "-";
        var share = stats.Languages.Where(l => l.Key == language || (variants is not null && l.Key.StartsWith(variants, StringComparison.Ordinal)))
            .Sum(l => l.Value);
        return share > 0 ? share : stats.Languages.Values.Min();
    }

    static double Clamp(double p) => Math.Clamp(p, 0, 1);
}
