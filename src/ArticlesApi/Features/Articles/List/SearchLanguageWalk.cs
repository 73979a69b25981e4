using System.Text.RegularExpressions;
using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// `sort=title` or `sort=-updatedAt` of a q common in some of the articles' languages, with no filter (ADR 0034, "2026-12-06
/// midday, languagewalk"): each language where q is common walks its own articles in that order (indexes ix_articles_public_config_title
/// and ix_articles_public_config_updated, migration SearchLanguageWalk) checking q's parse in that language on each, every other
/// language's matches are read from the side table's terms (SearchMatchSet.ReadAsync, few), and the arms are merged in the order (a Merge
/// Append that stops at the page). The own walk (SearchWindow) walked every article in the order and checked q on each:
/// `tratados` matches in Spanish only, and the generated titles put thousands of Italian `Accordo …` before the first Spanish
/// `Acuerdo …` (23,831 rows read for the first page, ~330 ms at 1M); `gob` newest changed first read ~50 rows for each Spanish one.
static class SearchLanguageWalk
{
    /// `auto` (default): the estimates below decide; `off`: never; `on`: every language with a parse of q walks (tests compare).
    public const string ModeSetting = "Search:LanguageWalk";

    /// The rows a language's walk checks q on at most, as estimated (the page × its articles ÷ q's matches in it), as the own
    /// walk's bound; a language where q is rarer has its matches read by its GIN index instead.
    const double ReadsUpTo = 2000;

    /// The other languages' matches read at most: more, and the request keeps the own walk.
    const int RareCap = 10_000;

    /// The orders walked: the sort key's column, its direction, and the cursor's key.
    sealed record Order(string Key, bool Descending, Func<ArticleCursor, object> After);

    static readonly Order Title = new("title", false, c => c.Title ?? "");
    static readonly Order Updated = new("updated_at", true, c => CursorFields.Instant(c.At ?? 0));

    /// A filter the walk checks on each row: the tag, author and source keys (SearchMatchSet.FilterKeys.Ids, each kind any of its
    /// ids, through the side table's row) and the publication dates; Share: the articles that pass it, as estimated.
    internal sealed record Filter(Guid[][] Keys, double Share);

    /// A public search filtered on tags, authors, sources or publication dates, and on nothing the walk does not check (a language,
    /// kinds, featured, translations, updates), that no route before it served (SearchMatchSet's estimate declined it), walked as
    /// ChooseAsync walks an unfiltered one with the filter checked on each row, each language's walk estimated at q's matches in it
    /// times the filter's share (ADR 0034, "2026-12-07 later, filteredwalk"). The planner walked every language's titles checking q and
    /// the filter on each: at 1M `del governo or zanzibra&tag=tag-3&sort=title&limit=1` read 18,323 rows (~165 ms) before the
    /// first Italian title; `svalbard covid19 or waffenstillstand&publishedAfter=2022-01-01&sort=title` 13,200 before the first German.
    public static async Task<SearchWindow.Window?> ChooseFilteredAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now,
        ArticleViewer viewer, ArticleQuery query, Search? search, ArticleCursor? after, int take, CancellationToken ct)
    {
        if (!SearchMatchSet.IsPublicSearch(viewer, query, search) || query.HasCurationFilters || query.Language is not null
            || query is { UpdatedAfter: not null } or { UpdatedBefore: not null }
            || query is { Tags.Length: 0, Authors.Length: 0, Sources.Length: 0, PublishedAfter: null, PublishedBefore: null }
            || SearchDates.UpdatesWalkMeetsSpanFirst(query))
            return null;
        var table = await catalog.StateAsync(ct);
        if (table.Rows <= 0)
            return null;
        if (await SearchMatchSet.FilterKeysOrNoneAsync(db, query, table.Rows, ct) is not { } keys)
            return null;
        var inDates = query is { PublishedAfter: null, PublishedBefore: null } ? 1
            : Math.Min(1, await catalog.InDatesAsync(db, now, viewer, query, ct) / table.Rows);
        return await ChooseAsync(db, catalog, configuration, now, query, search, after, take, ct, new Filter(keys.Ids, keys.Share * inDates));
    }

    /// The window (the page and one more, after the cursor, in the request's order), or null: the own walk, as before. `filter`:
    /// ChooseFilteredAsync's.
    public static async Task<SearchWindow.Window?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now,
        ArticleQuery query, Search search, ArticleCursor? after, int take, CancellationToken ct, Filter? filter = null)
    {
        var mode = configuration[ModeSetting] ?? "auto";
        var order = query.Sort switch { ArticleSort.Title => Title, ArticleSort.UpdatedAtDescending => Updated, _ => null };
        if (mode == "off" || order is null || query.Q is not { } q || SearchKeys.ByConfig(search.Marked) is not { } own)
            return null;
        var table = await catalog.StateAsync(ct);
        if (table.Rows <= 0)
            return null;
        var (names, parses) = own;
        var (walked, rare, rareMatches) = (new List<(string Config, NpgsqlTsQuery Parse)>(), new List<string>(), 0.0);
        foreach (var config in table.ConfigsFor(null).Where(c => Regex.IsMatch(c, "^[a-z_]+$")))
        {
            // No parse of q in this language (only stop words): none of its articles matches.
            var i = Array.IndexOf(names, "articles_" + config);
            if (i < 0 || SearchKeys.Keyed(search.Marked, [config]) is not { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyed)
                continue;
            var matches = await SearchEstimate.KeyedMatchesAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, keyed, ct);
            var articles = table.Rows * (await SearchEstimate.ConfigShareAsync(catalog.Db, table.PostingsAnalyzed, config, ct) ?? 1);
            if (mode == "on" || matches is { } m && m > SearchEstimate.DefaultMatch * table.Rows && m * (filter?.Share ?? 1) * ReadsUpTo >= take * articles)
                walked.Add((config, parses[i]));
            else
            {
                rare.Add(config);
                rareMatches += matches ?? 0;
            }
        }
        // Filtered, q common in every language the articles are written in: the walks merged read what the planner's one walk of
        // every article reads, and the estimates and arms cost more (at 1M `12 or ceas&publishedAfter=2022-01-01&sort=title`: 10
        // ms walked by the planner, 17 here).
        if (walked.Count == 0 || filter is not null && mode != "on" && rare.Count == 0 && walked.Count == table.ConfigsFor(null).Length)
            return null;
        // From the side table's terms, where a prefix is one entry: each language's GIN index merged every lexeme a prefix starts
        // (at 1M `Gouvernement SANCTIONS&sort=-updatedAt`: English `sanction:*`, ~60 ms for no match). Ids only, in no order.
        var rareIds = rare.Count == 0 || SearchKeys.Keyed(search.Marked, [.. rare]) is not { Kind: not NpgsqlTsQuery.NodeKind.Empty } rareKeyed ? []
            : (await SearchMatchSet.ReadAsync(db, catalog, now, rareKeyed, rareMatches, [], query with { Sort = ArticleSort.Relevance }, after: null,
                "search_language_rare", ct, RareCap)).Select(m => m.Id).ToArray();
        if (rareIds.Length > RareCap)
            return null;

        var values = new StatementValues();
        var (at, limit) = (values.Value(now), values.Value(take));
        var direction = order.Descending ? " DESC" : "";
        var cursor = (after is null ? "" : $" AND (a.{order.Key}, a.id) {(order.Descending ? "<" : ">")} ({values.Value(order.After(after))}, {values.Value(after.Id)})")
            + (filter is null ? "" : FilterConditions(values, query, filter));
        var arrange = $"ORDER BY a.{order.Key}{direction}, a.id{direction} LIMIT {limit}";
        // Each arm's configuration is written into the statement (names the database wrote, kept to [a-z_] above): the index's
        // leading expression is matched only against a constant. q is checked through ts_match_vq, never an index condition: with
        // `@@` the planner walked a language where q is rare expecting early matches (all 439k English rows for `tratado`, 67 s).
        var arms = walked.Select(w => $"""
            (SELECT a.id, a.{order.Key} AS key FROM articles AS a
            WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at <= {at}
                AND articles_search_config(a.language::text)::oid = 'articles_{w.Config}'::regconfig::oid{cursor}
                AND ts_match_vq(a.search_vector, {values.Value(new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = w.Parse })})
            {arrange})
            """).Append($"""
            (SELECT a.id, a.{order.Key} AS key FROM articles AS a WHERE a.id = ANY({values.Value(rareIds)}){cursor} {arrange})
            """);
        var sql = $"""
            SELECT u.id AS "Value" FROM (
            {string.Join("\nUNION ALL\n", arms)}
            ) AS u /* search_language_walk */ ORDER BY u.key{direction}, u.id{direction} LIMIT {limit}
            """;
        return new SearchWindow.Window(db.Database.SqlQuery<Guid>(values.Of(sql)), null);
    }

    /// The filter's conditions on an arm's article `a`: its publication dates, and its keys on its side-table row (by its key).
    static string FilterConditions(StatementValues values, ArticleQuery query, Filter filter) =>
        SearchMatchSet.DateConditions(values, query, table: "a")
        + (filter.Keys.Length == 0 ? "" : $"""
             AND EXISTS (SELECT FROM article_search_postings AS d WHERE d.article_id = a.id{SearchMatchSet.KeyConditions(values, filter.Keys, "d.keys")})
            """);
}
