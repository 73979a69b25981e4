using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// Every public match of a q that is rare in its own languages, read first (each language's GIN index with its own parse of q,
/// SearchAndBitmap.ReadAsync), its ids then standing for q in a request SearchWindow does not serve: a filter (tag, author,
/// source, dates, kind, featured, translations), a sort other than relevance or newest first, a cursor newest first. The page,
/// the filters, the order and the cursor apply to those ids as they did to q, so the answer is the same (ADR 0034,
/// "2026-12-06 evening, matchset"). Before, such requests matched q through the marked index, whose bitmap also reads the
/// markers' posting lists (each language's share of the table), or walked an order's index checking q on every row: at 1M
/// `q=della&sort=publishedAt` (an Italian stop word, rare elsewhere) ran out of its budget, ~1 s of CPU.
static class SearchMatchSet
{
    /// `auto` (default): the estimate below decides; `off`: never (tests compare the two).
    public const string ModeSetting = "Search:MatchSet";

    /// q's own-language matches (SearchEstimate.KeyedMatchesAsync) up to which they are read first.
    public const string UpToSetting = "Search:MatchSetUpTo";
    public const double DefaultUpTo = 5_000;

    /// Read at most: more means the statistics were wrong, and the request keeps its path (the read is lost, bounded).
    const int Cap = 10_000;

    /// The ids of every public match of q (Window.Complete), or null: the request keeps its path.
    public static async Task<SearchWindow.Window?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now,
        ArticleViewer viewer, ArticleQuery query, Search? search, ArticleCursor? after, CancellationToken ct)
    {
        // The RUM window's own shapes stay SearchWindow's to route (it declines a common q to a walk, and without the RUM index
        // they keep today's path).
        if ((configuration[ModeSetting] ?? "auto") == "off" || viewer.SeesUnpublished || !query.OnlyPublished || query.Trashed
            || query.Q is not { } q || SearchLimits.HasExclusion(q) || search is not { IncludedQ: null, Parsed.Kind: not NpgsqlTsQuery.NodeKind.Empty }
            || SearchWindow.Serves(query, viewer, after))
            return null;
        var table = await catalog.StateAsync(ct);
        // Never analysed (a new table): no estimate to read, today's path (as SearchWindow).
        if (table.Rows <= 0)
            return null;
        // The configurations of the articles (with a language filter, its own): the rows of any other cannot match q.
        string[] configs = query.Language is null ? table.Configs.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : table.LanguageConfig is { Length: > 0 } own ? [own] : [];
        if (configs.Length == 0 || SearchKeys.Keyed(search.Marked, configs) is not { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyed
            || await SearchEstimate.KeyedMatchesAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, keyed, ct) is not { } matches
            || matches > configuration.GetValue(UpToSetting, DefaultUpTo))
            return null;
        if (await SearchAndBitmap.ReadAsync(db, now, q, configs, "search_match_set", "LIMIT @n", Cap + 1, ct) is not { Length: <= Cap } ids)
            return null;
        return SearchWindow.Window.Read(db, ids, complete: true);
    }
}
