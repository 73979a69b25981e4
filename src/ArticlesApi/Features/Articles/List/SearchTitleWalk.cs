using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// `sort=title` of a q common in some of the articles' languages, with no filter (ADR 0034, "2026-12-07, titlewalk"): each
/// language where q is common walks its own articles in title order (index ix_articles_public_config_title, migration
/// SearchTitleWalk) checking q's parse in that language on each, every other language's matches are read by its GIN index
/// (SearchAndBitmap.ReadAsync, few), and the arms are merged in title order (a Merge Append that stops at the page). The own walk
/// (SearchWindow) walked every article in title order: `tratados` matches in Spanish only, and the generated titles put
/// thousands of Italian `Accordo …` before the first Spanish `Acuerdo …`, so the first page read 23,831 rows (~330 ms at 1M).
static class SearchTitleWalk
{
    /// `auto` (default): the estimates below decide; `off`: never; `on`: every language with a parse of q walks (tests compare).
    public const string ModeSetting = "Search:TitleWalk";

    /// The rows a language's walk checks q on at most, as estimated (the page × its articles ÷ q's matches in it), as the own
    /// walk's bound; a language where q is rarer has its matches read by its GIN index instead.
    const double ReadsUpTo = 2000;

    /// The other languages' matches read at most: more, and the request keeps the own walk.
    const int RareCap = 10_000;

    /// The window (the page and one more, after the cursor, in title order), or null: the own walk, as before.
    public static async Task<SearchWindow.Window?> ChooseAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration, DateTime now,
        string q, Search search, ArticleCursor? after, int take, CancellationToken ct)
    {
        var mode = configuration[ModeSetting] ?? "auto";
        var table = await catalog.StateAsync(ct);
        if (mode == "off" || table.Rows <= 0 || SearchKeys.ByConfig(search.Marked) is not { } own)
            return null;
        var (names, parses) = own;
        var (walked, rare) = (new List<(string Config, NpgsqlTsQuery Parse)>(), new List<string>());
        foreach (var config in table.Configs.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => Regex.IsMatch(c, "^[a-z_]+$")))
        {
            // No parse of q in this language (only stop words): none of its articles matches.
            var i = Array.IndexOf(names, "articles_" + config);
            if (i < 0 || SearchKeys.Keyed(search.Marked, [config]) is not { Kind: not NpgsqlTsQuery.NodeKind.Empty } keyed)
                continue;
            var matches = await SearchEstimate.KeyedMatchesAsync(catalog.Db, table.PostingsAnalyzed, table.Rows, keyed, ct);
            var articles = table.Rows * (await SearchEstimate.ConfigShareAsync(catalog.Db, table.PostingsAnalyzed, config, ct) ?? 1);
            if (mode == "on" || matches is { } m && m > SearchEstimate.DefaultMatch * table.Rows && m * ReadsUpTo >= take * articles)
                walked.Add((config, parses[i]));
            else
                rare.Add(config);
        }
        if (walked.Count == 0)
            return null;
        var rareIds = rare.Count == 0 ? [] : await SearchAndBitmap.ReadAsync(db, now, q, [.. rare], "search_title_rare", "LIMIT @n", RareCap + 1, ct);
        if (rareIds is not { Length: <= RareCap })
            return null;

        var values = new List<object>();
        string Value(object value)
        {
            values.Add(value);
            return "{" + (values.Count - 1) + "}";
        }
        var (at, limit) = (Value(now), Value(take));
        var cursor = after is null ? "" : $" AND (a.title, a.id) > ({Value(after.Title ?? "")}, {Value(after.Id)})";
        // Each arm's configuration is written into the statement (names the database wrote, kept to [a-z_] above): the index's
        // leading expression is matched only against a constant. q is checked through ts_match_vq, never an index condition.
        var arms = walked.Select(w => $"""
            (SELECT a.id, a.title FROM articles AS a
            WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at <= {at}
                AND articles_search_config(a.language::text)::oid = 'articles_{w.Config}'::regconfig::oid{cursor}
                AND ts_match_vq(a.search_vector, {Value(new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = w.Parse })})
            ORDER BY a.title, a.id LIMIT {limit})
            """).Append($"""
            (SELECT a.id, a.title FROM articles AS a WHERE a.id = ANY({Value(rareIds)}){cursor} ORDER BY a.title, a.id LIMIT {limit})
            """);
        var sql = $"""
            SELECT u.id AS "Value" FROM (
            {string.Join("\nUNION ALL\n", arms)}
            ) AS u /* search_title_walk */ ORDER BY u.title, u.id LIMIT {limit}
            """;
        return new SearchWindow.Window(db.Database.SqlQuery<Guid>(FormattableStringFactory.Create(sql, [.. values])), null);
    }
}
