using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// q's words without its prefixed last word, for the GIN index; the whole of q then checked on the rows they find. GIN answers a
/// prefix (`tra:*`) by reading the posting list of every lexeme it starts into a bitmap before anything else, so `ossezia tra`, a
/// rare word and a short or common prefix, cost ~1 s at 1M (`'tra':*` is thousands of lexemes across the languages; `ossezia
/// zanzibar trattato` ~0.3 s: `'trat':*` in Basque) where `ossezia` alone costs a few ms (bench/studies/search-worst-1m). The
/// same rows come back: the core matches every row q matches (an `and` or a phrase without one of its terms), and q is checked
/// on each of them (ts_match_vq, a filter the planner cannot turn into an index condition).
static class SearchCore
{
    /// `auto` (default): when the core is rare and the prefix is not (SearchEstimate); `off`: never; `on`: whenever q has a core (tests).
    public const string ModeSetting = "Search:PrefixCore";

    /// The core's estimated share of the rows up to which it is used: a rare core is read by the bitmap, and each of its
    /// matches' vectors read once more to check q (at 1% of 1M, ~10k rows: the cost of a word of the 1–5 % band).
    const double UpTo = 0.01;

    /// …and at least this many rows, whatever the table's size (checking q on a thousand rows costs a few ms).
    const double AtLeast = 1000;

    /// search with Core (and IncludedCore for the rest of q beside its exclusions) set when they are to be used.
    public static async Task<Search> ChooseAsync(SearchCatalog catalog, IConfiguration configuration, Search search, string? language,
        CancellationToken ct)
    {
        var mode = configuration[ModeSetting] ?? "auto";
        if (mode == "off" || !search.Prefixed || Of(search.Marked) is not { } core)
            return search;
        var included = search.IncludedMarked is { } includedMarked ? Of(includedMarked) : null;
        if (mode != "on")
        {
            var table = await catalog.StateAsync(ct);
            Task<double> Rows(NpgsqlTsQuery query) => SearchEstimate.RowsAsync(catalog.Db, table.Analyzed, table.Rows, query, language, ct);
            var coreRows = await Rows(Parses(core));
            // Only when the prefix is what costs: a rare prefix is cheap to read, and a common core is walked in date order.
            if (table.Rows <= 0 || coreRows > Math.Max(UpTo * table.Rows, AtLeast) || await Rows(Prefixes(search.Marked)) <= coreRows)
                return search;
        }
        return search with { Core = core, IncludedCore = included };
    }

    /// marked (`(parse) & (markers) | …`, articles_search_queries) with each parse's prefixed lexemes left out where that keeps
    /// a superset of its matches (under an `and` or a phrase); null when a parse has nothing else (`tra` alone, `a or tra`).
    public static NpgsqlTsQuery? Of(NpgsqlTsQuery marked) => marked switch
    {
        NpgsqlTsQueryOr either => Of(either.Left) is { } left && Of(either.Right) is { } right ? new NpgsqlTsQueryOr(left, right) : null,
        NpgsqlTsQueryAnd { Right: var markers } both when IsMarkers(markers) =>
            Core(both.Left, IsPrefix, out var core) && core is not null && HasPositive(core) ? new NpgsqlTsQueryAnd(core, markers) : null,
        _ => null,
    };

    /// `query` without the lexemes `dropped` picks, where that keeps a superset of its matches (each `or` arm still constrained);
    /// null when none is dropped, or one cannot go (alone in an arm, under a negation).
    public static NpgsqlTsQuery? Without(NpgsqlTsQuery query, Func<NpgsqlTsQueryLexeme, bool> dropped) =>
        Has(query, dropped) && Core(query, dropped, out var core) && core is not null && HasPositive(core) ? core : null;

    static bool IsPrefix(NpgsqlTsQueryLexeme lexeme) => lexeme.IsPrefixSearch;

    static bool IsMarkers(NpgsqlTsQuery node) => node switch
    {
        NpgsqlTsQueryLexeme { IsPrefixSearch: false, Text: var text } => text.StartsWith("config ", StringComparison.Ordinal),
        NpgsqlTsQueryOr either => IsMarkers(either.Left) && IsMarkers(either.Right),
        _ => false,
    };

    /// False when node cannot be reduced (a dropped lexeme under a negation); core null when node is a dropped lexeme or an `or`
    /// with one (no constraint).
    static bool Core(NpgsqlTsQuery node, Func<NpgsqlTsQueryLexeme, bool> dropped, out NpgsqlTsQuery? core)
    {
        core = null;
        switch (node)
        {
            case NpgsqlTsQueryLexeme lexeme:
                core = dropped(lexeme) ? null : lexeme;
                return true;
            case NpgsqlTsQueryNot negated:
                core = negated;
                return !Has(negated.Child, dropped);
            case NpgsqlTsQueryOr either:
                if (!Core(either.Left, dropped, out var left) || !Core(either.Right, dropped, out var right))
                    return false;
                core = left is null || right is null ? null : new NpgsqlTsQueryOr(left, right);
                return true;
            case NpgsqlTsQueryAnd or NpgsqlTsQueryFollowedBy:
                var binary = (NpgsqlTsQueryBinOp)node;
                if (!Core(binary.Left, dropped, out var l) || !Core(binary.Right, dropped, out var r))
                    return false;
                core = (l, r) switch
                {
                    (null, _) => r,
                    (_, null) => l,
                    _ when node is NpgsqlTsQueryFollowedBy followed => new NpgsqlTsQueryFollowedBy(l, followed.Distance, r),
                    _ => new NpgsqlTsQueryAnd(l, r),
                };
                return true;
            default:
                return false;
        }
    }

    /// A lexeme outside any negation: GIN cannot start from `!a` alone (it would read the whole index).
    static bool HasPositive(NpgsqlTsQuery node) => node switch
    {
        NpgsqlTsQueryLexeme => true,
        NpgsqlTsQueryOr either => HasPositive(either.Left) && HasPositive(either.Right),
        NpgsqlTsQueryBinOp binary => HasPositive(binary.Left) || HasPositive(binary.Right),
        _ => false,
    };

    /// A marked query's parses without their markers, OR'ed (estimated as the planner estimates q's plain parses).
    public static NpgsqlTsQuery Parses(NpgsqlTsQuery marked) => marked switch
    {
        NpgsqlTsQueryOr either => new NpgsqlTsQueryOr(Parses(either.Left), Parses(either.Right)),
        NpgsqlTsQueryAnd both => both.Left,
        _ => marked,
    };

    static bool Has(NpgsqlTsQuery node, Func<NpgsqlTsQueryLexeme, bool> picked) => node switch
    {
        NpgsqlTsQueryLexeme lexeme => picked(lexeme),
        NpgsqlTsQueryNot negated => Has(negated.Child, picked),
        NpgsqlTsQueryBinOp binary => Has(binary.Left, picked) || Has(binary.Right, picked),
        _ => false,
    };

    /// q's prefixed lexemes OR'ed (what GIN reads whole).
    public static NpgsqlTsQuery Prefixes(NpgsqlTsQuery query)
    {
        NpgsqlTsQuery? any = null;
        Collect(query);
        return any ?? query;

        void Collect(NpgsqlTsQuery node)
        {
            switch (node)
            {
                case NpgsqlTsQueryLexeme { IsPrefixSearch: true } lexeme: any = any is null ? lexeme : new NpgsqlTsQueryOr(any, lexeme); break;
                case NpgsqlTsQueryNot negated: Collect(negated.Child); break;
                case NpgsqlTsQueryBinOp binary: Collect(binary.Left); Collect(binary.Right); break;
            }
        }
    }
}
