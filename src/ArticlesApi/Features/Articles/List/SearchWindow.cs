using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// The search page's matches from the RUM index on article_search_postings (migration SearchrumPostingsSideTable,
/// ADR 0034 "searchrum"): the newest matches with their dates read from the index's postings, so a rare word's page reads
/// only the rows it shows instead of every match's row. RUM does not stop at the LIMIT (it sorts every match), so a
/// common word stays on today's GIN path: the planner's estimate of q's words OR'ed decides (SearchKeys.AnyTerm: RUM reads
/// every word's postings whatever the operators, so a rare word `and` a common one is as dear as the common one), computed in
/// the API from the planner's statistics (SearchEstimate) rather than by an EXPLAIN.
/// Used only for what the side table holds and the window can answer exactly: the public's list (published, not in
/// the trash), no filter but `language`, no exclusion in q, sorted by relevance (the RelevanceWindow newest matches) or
/// newest first (the first page). Without the index (no `rum` extension) every search takes today's path.
static class SearchWindow
{
    /// `auto` (default): the router below; `off`: never; `on`: whenever the request's shape allows it (tests compare the two).
    public const string ModeSetting = "Search:RumWindow";

    /// The estimated share of the table's rows up to which a search goes to RUM (start 10 %: at 1M `krieg`'s 65k estimate
    /// went to RUM at 17 ms against 63, `paz or krieg or paix`'s 128k stayed on the date walk at 19 against 94).
    public const string UpToSetting = "Search:RumWindowUpTo";
    public const double DefaultUpTo = 0.10;

    /// Newest first without a language filter, the share is ten times smaller (1 %: `ossezia`, 0.3 %, 56 → 6 ms on RUM;
    /// `paz`, 2 %, 9 ms on the date walk against 16).
    const double DateWalkDivisor = 10;

    public const string IndexName = "article_search_postings_rum";

    /// The ids of the window's articles (null: today's path). Totals and facets never use it. `catalog`: read from the main pool,
    /// where the catalog statement's plan stays prepared (0.34 → 0.12 ms of backend CPU against the custom-plan pool's `db`).
    public static async Task<IQueryable<Guid>?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now, ArticleViewer viewer,
        ArticleQuery query, Search? search, ArticleCursor? after, int take, CancellationToken ct)
    {
        var mode = configuration[ModeSetting] ?? "auto";
        if (mode == "off" || search is not { Parsed.Kind: not NpgsqlTsQuery.NodeKind.Empty, IncludedQ: null } || query.Q is not { } q
            || !Serves(query, viewer, after))
            return null;
        var table = await catalog.StateAsync(ct);
        if (!table.Indexed)
            return null;
        // Keyed here from the parses q already has, and only in the configurations articles are written in (at 1M 5 of
        // 29): searchrum_query(q) parsed q again in all 29 at planning (~1.9 ms of backend CPU) and RUM looked up 41
        // prefix entries, 36 of them in languages without articles (~1.2 ms; bench/studies/searchrum-1m, search1m). With a
        // language filter, in its configuration only (what searchrum_query(q, language) keys), for the estimate.
        var keyed = SearchKeys.Keyed(search.Marked, query.Language is null ? table.Configs.Split(' ') : [table.LanguageConfig ?? ""]);
        if (keyed is null)
            return null;
        if (keyed.Kind == NpgsqlTsQuery.NodeKind.Empty)
            // No parse of q in a language the (filtered) articles are written in: q matches none of them. The date walk
            // would read every article to find that out (`language=it&q=per`: a stop word of the only language filtered on).
            return Empty(db);
        if (mode != "on")
        {
            var upTo = configuration.GetValue(UpToSetting, DefaultUpTo) * table.Rows
                // Newest first over every language, the date walk finds a 1–5 % word's first page sooner (at 1M `paz`
                // 9 ms against RUM's 16): only rarer words go to RUM there.
                / (query.Sort == ArticleSort.PublishedAtDescending && query.Language is null ? DateWalkDivisor : 1);
            if (table.Rows <= 0
                || (await SearchEstimate.KeyedRowsAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, SearchKeys.AnyTerm(keyed), ct)
                    ?? await SearchEstimate.RowsAsync(catalog.Db, table.Analyzed, table.Rows, SearchKeys.AnyTerm(search.Parsed), query.Language, ct)) > upTo)
                return null;
        }
        var n = query.Sort == ArticleSort.Relevance ? Search.RelevanceWindow : take;
        if (query.Language is not { } language)
            return db.Database.SqlQuery<Guid>($"""
                SELECT d.article_id AS "Value" FROM article_search_postings AS d
                WHERE d.vector @@ {new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = keyed }} ORDER BY d.published_at <=| {now} LIMIT {n}
                """);
        // As ArticleFilters filters the language: `pt` also matches `pt-BR`, `pt-BR` only itself.
        var variants = language.Contains('-') ? null : language + "-";
        return db.Database.SqlQuery<Guid>($"""
            SELECT d.article_id AS "Value" FROM article_search_postings AS d
            WHERE d.vector @@ searchrum_query({q}, {language}) AND (d.language = {language} OR starts_with(d.language, {variants}))
            ORDER BY d.published_at <=| {now} LIMIT {n}
            """);
    }

    static IQueryable<Guid> Empty(ArticlesDb db) => db.Database.SqlQuery<Guid>($"SELECT NULL::uuid AS \"Value\" WHERE false");

    /// The request shapes the window answers exactly as today's SQL does.
    static bool Serves(ArticleQuery query, ArticleViewer viewer, ArticleCursor? after) =>
        !viewer.SeesUnpublished && query.OnlyPublished && !query.HasCurationFilters && !SearchLimits.HasExclusion(query.Q!)
        && query is { Tags.Length: 0, Authors.Length: 0, Sources.Length: 0, PublishedAfter: null, PublishedBefore: null, UpdatedAfter: null, UpdatedBefore: null }
        && (query.Sort == ArticleSort.Relevance || (query.Sort == ArticleSort.PublishedAtDescending && after is null));
}
