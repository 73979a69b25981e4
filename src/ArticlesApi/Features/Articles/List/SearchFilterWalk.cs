using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Articles.List;

/// The newest matches of a common q among a small filter's articles (tags, authors, sources: a few thousand each), read from the
/// filter keys' RUM index (migration SearchFilterKeys) newest first, q checked on each row until the window is full (ADR 0034,
/// "2026-12-06 midday, filterkeys and filterwalk"). The planner read every article of the filter and checked q on each, its
/// vector TOASTed (~12–20 µs an article at 1M: `cos` by two authors, 13k articles, ~370 ms for the page and the facets), or
/// walked the whole table newest first; q common, a few hundred rows hold the window's matches. For what SearchWindow's windows
/// are: a page by relevance (the RelevanceWindow newest matches), the first page newest first (or oldest first, walked the other
/// way), the facets' newest matches; the page, filters and order then apply to these ids as to q's.
static class SearchFilterWalk
{
    /// `auto` (default): the estimates below decide; `off`: never; `on`: whenever the request's shape allows it (tests compare).
    public const string ModeSetting = "Search:FilterWalk";

    /// The rows the walk checks q on at most, as estimated (n × rows ÷ q's matches, q taken as independent of the filter): as
    /// the own walk's bound (SearchWindow), q is then at least 5 % of the rows for a relevance window of 100 at 1M.
    const double ReadsUpTo = 2000;

    /// The filter's postings (its articles, summed over the ids given) up to which the walk reads them: RUM reads them all and
    /// sorts them by date before the first row (~0.5 µs a posting, as q's); above, a large tag's own date walk is the cheaper.
    const double PostingsUpTo = 50_000;

    /// Oldest first, the distance from a date before any article's (RUM's `|=>`: from the left, as `<=|` is from now). Not
    /// DateTime.MinValue, which Npgsql sends as -infinity (every distance infinite).
    static readonly DateTime FarPast = new(1000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// The page's orders the walk reads in: relevance (its window), and newest or oldest first from the first page.
    public static bool Serves(ArticleQuery query, ArticleCursor? after) => query.Sort == ArticleSort.Relevance
        || query.Sort is ArticleSort.PublishedAtDescending or ArticleSort.PublishedAtAscending && after is null;

    /// The window's ids (the n newest matches; the n oldest for `sort=publishedAt`), or null: the request keeps its path.
    /// `newest`: the facets' window (whatever the sort).
    public static async Task<SearchWindow.Window?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now,
        ArticleViewer viewer, ArticleQuery query, Search? search, ArticleCursor? after, int take, CancellationToken ct, int? newest = null)
    {
        var mode = configuration[ModeSetting] ?? "auto";
        if (mode == "off" || !SearchMatchSet.IsPublicSearch(viewer, query, search) || query is { Tags.Length: 0, Authors.Length: 0, Sources.Length: 0 }
            || (newest is null && !Serves(query, after)))
            return null;
        var table = await catalog.StateAsync(ct);
        if (table.Rows <= 0 || !table.KeysIndexed)
            return null;
        var configs = table.ConfigsFor(query.Language);
        if (configs.Length == 0 || SearchKeys.Keyed(search.Marked, configs) is not { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyed)
            return null;
        // q's estimate first: it is read from statistics the process keeps, the filter's keys are a statement.
        var n = newest ?? (query.Sort == ArticleSort.Relevance ? Search.RelevanceWindow : take);
        if (mode != "on" && (await SearchEstimate.KeyedMatchesAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, keyed, ct) is not { } matches
                || matches * ReadsUpTo < n * table.Rows))
            return null;
        if (await SearchMatchSet.FilterKeysAsync(db, query, table.Rows, ct) is not { } keys || mode != "on" && keys.Postings > PostingsUpTo)
            return null;
        var values = new StatementValues();
        var (at, oldest) = (values.Value(now), newest is null && query.Sort == ArticleSort.PublishedAtAscending);
        // Other languages' rows are passed without reading their vectors.
        var language = SearchMatchSet.LanguageCondition(values, query);
        // q through ts_match_vq, the function behind @@: a filter, never an index condition (with @@ the planner ANDed q's RUM
        // bitmap for `grecia droni servizi`, an `and` it estimated rare: 334k postings, 350 ms); the keys' index is walked in
        // date order and q checked on each row it gives.
        var sql = $"""
            SELECT d.article_id AS "Value" FROM article_search_postings AS d /* search_filter_walk */
            WHERE d.published_at <= {at}{SearchMatchSet.KeyConditions(values, keys.Ids, "d.keys")}{SearchMatchSet.DateConditions(values, query)}{language}
                AND ts_match_vq(d.vector, {values.Value(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = keyed })})
            ORDER BY {(oldest ? $"d.published_at |=> {values.Value(FarPast)}" : $"d.published_at <=| {at}")}
            LIMIT {values.Value(n)}
            """;
        return new SearchWindow.Window(db.Database.SqlQuery<Guid>(values.Of(sql)), null);
    }
}
