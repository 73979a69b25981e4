using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using System.Text.RegularExpressions;

namespace Articles.List;

/// The newest matches of q whose words are each common but rarely meet in one language (`year fron`, `mosca report`,
/// `Sanctions PET`: a common word and a prefix, or common words of two languages), from GIN's bitmap of q's AND and a sort
/// (ADR 0034, "andbitmap"). SearchWindow estimates q's words OR'ed (RUM reads every word's postings whatever the operators) and
/// sends such q to the date walk, which finds (almost) no match and reads every article: 503 after 5 s at 1M. Here q's own
/// matches are estimated (SearchEstimate.KeyedMatchesAsync: each keyed arm within its configuration, its words ANDed), and
/// when they are few each language's GIN index intersects its parse's posting lists (skipping through a common word's posting
/// tree) and only the rows that hold every word are read and sorted. Same rows as the walk's page: the public's matches of q,
/// newest first.
static class SearchAndBitmap
{
    /// `auto` (default): the estimate below decides; `off`: never (tests compare the two).
    public const string ModeSetting = "Search:AndBitmap";

    /// Read and sorted in a statement of their own, with settings the page's statement must not get: a prefix of common
    /// lexemes (`report:*`, `pet:*`) fills GIN's bitmap past the default 4 MB work_mem, which turns it lossy, and every row of a
    /// lossy page is then read and checked (at 1M `Sanctions PET` through the marked index: 15.9 s with 4 MB, 1.5 s with 64 MB, statement level, load ~22).
    const string WorkMem = "64MB";

    /// The ids of the n newest public matches of q (null: the walk, as before). The date walk reads about n × rows ÷ matches rows
    /// before n match, the bitmap every match: the bitmap is taken while q's estimated matches are below √(n × rows), where the
    /// two read the same (at 1M ~14,000 for a relevance window of 200, ~4,600 for a page of 20 newest first).
    public static async Task<SearchWindow.Window?> ChooseAsync(ArticlesDb db, IConfiguration configuration, DateTime now, string q, string[] configs,
        double rows, int n, Func<Task<double?>> estimate, CancellationToken ct)
    {
        if ((configuration[ModeSetting] ?? "auto") == "off" || await estimate() is not { } matches || matches > Math.Sqrt(n * rows))
            return null;
        // The materialized CTE has no order to walk an index by. In it, each configuration articles are written in reads its own
        // partial GIN index (`ix_articles_search_vector_<config>`) with its own parse of q, as a language filter's search does
        // (ArticleSearch.MatchesLanguage): the marked index's AND also reads the markers' posting lists (each a share of the
        // table), and the plain parses' AND crosses languages (`governo said`'s `'govern' & 'said':*` is in 458k English
        // articles at 1M, each read to be rejected). The configuration is written into the statement: the partial index is
        // chosen only when the planner proves its predicate, never for a parameter. The public's conditions are outside the CTE,
        // so the planner does not AND the bitmap with the date index's (~945k rows at 1M). Sequential scans are off: the
        // planner multiplies the parses' common words and may expect many rows.
        if (await ReadAsync(db, now, q, configs, "search_and_bitmap", "ORDER BY m.published_at DESC, m.id DESC LIMIT @n", n, ct) is not { } ids)
            return null;
        return SearchWindow.Window.Read(db, ids, complete: false);
    }

    /// The public matches of q read as ChooseAsync reads them, `tail` after them (an order and `LIMIT @n`, or a LIMIT alone), in a
    /// CTE named `name` (the route, in logs and tests); null when no configuration name is usable.
    static async Task<Guid[]?> ReadAsync(ArticlesDb db, DateTime now, string q, string[] configs, string name, string tail, int n,
        CancellationToken ct)
    {
        var arms = string.Join("\n    UNION ALL\n", configs.Where(c => Regex.IsMatch(c, "^[a-z_]+$")).Select(c => $"""
            SELECT a.id, a.published_at, a.status, a.deleted_at FROM articles AS a
            WHERE articles_search_config(a.language::text)::oid = 'articles_{c}'::regconfig::oid
                AND a.search_vector @@ articles_search_parse('articles_{c}'::regconfig, @q) AND articles_search_reads_vector(a.language) IS NOT UNKNOWN
            """));
        if (arms.Length == 0)
            return null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"SET LOCAL work_mem = '{WorkMem}'; SET LOCAL enable_seqscan = off; SET LOCAL jit = off", ct);
        // The configurations are names the database wrote (article_search_postings_configs), kept to [a-z_] above.
        var sql = $"WITH {name} AS MATERIALIZED (\n" + arms + $"""
            )
            SELECT m.id AS "Value" FROM {name} AS m
            WHERE article_is_public(m.status, m.deleted_at, m.published_at, @now)
            """ + "\n" + tail;
        var ids = await db.Database.SqlQueryRaw<Guid>(sql, new NpgsqlParameter("q", q), new NpgsqlParameter("now", now), new NpgsqlParameter("n", n)).ToArrayAsync(ct);
        await transaction.CommitAsync(ct);
        return ids;
    }
}
