using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;

namespace Articles.List;

/// What the search routers (SearchCore, SearchWindow) decide on — the articles table's estimated rows and last ANALYZE, whether
/// the RUM index is ready, the configurations the postings are keyed in, the side table's last ANALYZE and the configuration of
/// the language filtered on — read at most once a request, with q's parse when it is sent (<see cref="ParseAsync"/>), else when a
/// router first asks, from a context of the main pool (where the statement's plan stays prepared). Not kept across requests:
/// an ANALYZE, a new index or an article in a new language changes it, and nothing tells the process so without a statement.
sealed class SearchCatalog(Func<ArticlesDb> mainPool, string? language)
{
    ArticlesDb? _db;
    Task<State>? _state;

    /// The main pool's context (resolved when first needed), for SearchEstimate's statistics too.
    public ArticlesDb Db => _db ??= mainPool();

    /// Configs: the configurations of article_search_postings_configs, space-separated (names never hold a space). LanguageConfig:
    /// the configuration of the request's language filter (`italian` for `it`; null without one), as the postings' keys name it.
    /// KeysIndexed: the filter keys' RUM index (SearchFilterWalk) is ready. Oldest: the oldest public article's publication date
    /// (SearchDates; null: none), read from the end of the public dates' index.
    public sealed record State(double Rows, bool Indexed, string Configs, DateTime? Analyzed, DateTime? PostingsAnalyzed, string? LanguageConfig,
        bool KeysIndexed, DateTime? Oldest)
    {
        /// The configurations whose articles a search can match: the articles' own, or with a language filter its own (none when
        /// it has no articles); the rows of any other cannot match q.
        public string[] ConfigsFor(string? language) => language is null ? Configs.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : LanguageConfig is { Length: > 0 } own ? [own] : [];
    }

    Npgsql.NpgsqlParameter Language => new("language", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)language ?? DBNull.Value };

    Npgsql.NpgsqlParameter Index => new Npgsql.NpgsqlParameter<string>("index", SearchWindow.IndexName);

    // The state's columns: with q's parse in SearchParses' statement, or alone.
    const string StateSql = """
        c.reltuples::float8 AS rows, EXISTS (SELECT FROM pg_class AS i JOIN pg_index AS x ON x.indexrelid = i.oid
            WHERE i.relname = @index AND x.indisvalid AND x.indisready) AS indexed,
            (SELECT coalesce(string_agg(p.config, ' '), '') FROM article_search_postings_configs AS p) AS configs,
            greatest(pg_stat_get_last_analyze_time(c.oid), pg_stat_get_last_autoanalyze_time(c.oid)) AS analyzed,
            (SELECT greatest(pg_stat_get_last_analyze_time(x.indrelid), pg_stat_get_last_autoanalyze_time(x.indrelid))
                FROM pg_class AS i JOIN pg_index AS x ON x.indexrelid = i.oid WHERE i.relname = @index) AS postings_analyzed,
            btrim(searchrum_key(articles_search_config(@language))) AS language_config,
            EXISTS (SELECT FROM pg_class AS i JOIN pg_index AS x ON x.indexrelid = i.oid
                WHERE i.relname = 'article_search_postings_keys_rum' AND x.indisvalid AND x.indisready) AS keys_indexed,
            (SELECT min(a.published_at) FROM articles AS a WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled')) AS oldest
        FROM pg_class AS c WHERE c.oid = 'articles'::regclass
        """;

    Task<double>? _inDates;

    /// The public articles in the request's publication dates (and nothing else it filters on), as the planner estimates them, read
    /// once a request (the routes in dates each ask): `query` is the request's, `now` its instant.
    public Task<double> InDatesAsync(ArticlesDb db, DateTime now, ArticleViewer viewer, ArticleQuery query, CancellationToken ct) =>
        _inDates ??= EstimateInDatesAsync(db, now, viewer, query, ct);

    static async Task<double> EstimateInDatesAsync(ArticlesDb db, DateTime now, ArticleViewer viewer, ArticleQuery query, CancellationToken ct) =>
        await SearchTotal.RowsAsync(db, (await ArticleFilters.MatchingAsync(db, now, viewer, query with
        {
            Q = null, Tags = [], Authors = [], Sources = [], Language = null, Kinds = null, Featured = null, TranslationOf = null,
        }, null, ct)).Select(a => a.Id), ct);

    public Task<State> StateAsync(CancellationToken ct) =>
        _state ??= Db.Database.SqlQueryRaw<State>("SELECT " + StateSql, Index, Language).SingleAsync(ct);

    sealed record ParsedWithState(NpgsqlTypes.NpgsqlTsQuery[] Parses, double Rows, bool Indexed, string Configs, DateTime? Analyzed,
        DateTime? PostingsAnalyzed, string? LanguageConfig, bool KeysIndexed, DateTime? Oldest);

    /// articles_search_queries(q) from the main pool, with the state in the same statement when it is not read yet: a router
    /// asks for it on most searches, and beside the parse it costs no more than its round trip (bench/studies/searchside-1m).
    public async Task<NpgsqlTypes.NpgsqlTsQuery[]> ParseAsync(string q, CancellationToken ct)
    {
        if (_state is not null)
            return await Search.ParseStatementAsync(Db, q, ct);
        var read = await Db.Database.SqlQueryRaw<ParsedWithState>("SELECT articles_search_queries(@q) AS parses, " + StateSql,
                new Npgsql.NpgsqlParameter<string>("q", q), Index, Language)
            .SingleAsync(ct);
        _state = Task.FromResult(new State(read.Rows, read.Indexed, read.Configs, read.Analyzed, read.PostingsAnalyzed, read.LanguageConfig, read.KeysIndexed, read.Oldest));
        return read.Parses;
    }
}
