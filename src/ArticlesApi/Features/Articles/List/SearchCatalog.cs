using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;

namespace Articles.List;

/// What the search routers (SearchCore, SearchWindow) decide on — the articles table's estimated rows and last ANALYZE, whether
/// the RUM index is ready, the configurations the postings are keyed in, the side table's last ANALYZE and the configuration of
/// the language filtered on — read at most once a request, when a router first asks, from a context of the main pool (where the
/// statement's plan stays prepared).
sealed class SearchCatalog(Func<ArticlesDb> mainPool, string? language)
{
    ArticlesDb? _db;
    Task<State>? _state;

    /// The main pool's context (resolved when first needed), for SearchEstimate's statistics too.
    public ArticlesDb Db => _db ??= mainPool();

    /// Configs: the configurations of article_search_postings_configs, space-separated (names never hold a space). LanguageConfig:
    /// the configuration of the request's language filter (`italian` for `it`; null without one), as the postings' keys name it.
    public sealed record State(double Rows, bool Indexed, string Configs, DateTime? Analyzed, DateTime? PostingsAnalyzed, string? LanguageConfig);

    Npgsql.NpgsqlParameter Language => new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)language ?? DBNull.Value };

    public Task<State> StateAsync(CancellationToken ct) => _state ??= Db.Database.SqlQuery<State>($"""
        SELECT c.reltuples::float8 AS rows, EXISTS (SELECT FROM pg_class AS i JOIN pg_index AS x ON x.indexrelid = i.oid
            WHERE i.relname = {SearchWindow.IndexName} AND x.indisvalid AND x.indisready) AS indexed,
            (SELECT coalesce(string_agg(p.config, ' '), '') FROM article_search_postings_configs AS p) AS configs,
            greatest(pg_stat_get_last_analyze_time(c.oid), pg_stat_get_last_autoanalyze_time(c.oid)) AS analyzed,
            (SELECT greatest(pg_stat_get_last_analyze_time(x.indrelid), pg_stat_get_last_autoanalyze_time(x.indrelid))
                FROM pg_class AS i JOIN pg_index AS x ON x.indexrelid = i.oid WHERE i.relname = {SearchWindow.IndexName}) AS postings_analyzed,
            btrim(searchrum_key(articles_search_config({Language}))) AS language_config
        FROM pg_class AS c WHERE c.oid = 'articles'::regclass
        """).SingleAsync(ct);
}
