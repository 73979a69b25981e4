using System.Runtime.CompilerServices;
using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Features.Distribution.Sitemaps;
using ArticlesApi.Features.SiteSettings;
using Npgsql;

namespace ArticlesApi.Features.Distribution.Ready;

/// The ready-made authors, tags and sources sitemaps and their entries in the index (migration Readysitemap2SitemapLists):
/// a list is the resources with a published article (the stored published_article_count, kept by the database in every
/// article write's transaction), read from a partial index in the files' order, plus the ones only due scheduled articles
/// carry (status still `scheduled`, public by their time: ScheduledPublication promotes them a little later), found by
/// the read's own statement at the request's time, so a resource enters its list at its article's time without a job. A
/// list's size is its counter (sitemap_lists_ready) plus the deltas the trigger appended (folded by ReadySitemapCatchUp)
/// plus those due ones; its lastmod, the first entry of a partial index. Same entries, ETag and bytes as the query path
/// (SitemapQueries); ReadySitemapTests compare the two. The URLs are written from the rows at the read (slug and
/// updated_at, as the query path writes them): nothing to re-render when the site's URL template changes.
/// docs/decisions/0045-readymade-front-page.md, readysitemap2 section.
public static class ReadySitemapLists
{
    static readonly SitemapKind[] Kinds = [SitemapKind.Authors, SitemapKind.Tags, SitemapKind.Sources];

    static string Table(SitemapKind kind) => kind.ToString().ToLowerInvariant();

    /// The resources of the list only due scheduled articles carry: the due ones from ix_articles_status_published_at (a
    /// handful at most), then their links. Named `due_<table>`.
    static string Due(SitemapKind kind)
    {
        var (link, column) = kind switch
        {
            SitemapKind.Authors => ("article_authors", "author_id"),
            SitemapKind.Tags => ("article_tags", "tag_id"),
            _ => ("citations", "source_id"),
        };
        return $"""
            due_{Table(kind)} AS MATERIALIZED (
                SELECT DISTINCT x.id, x.slug, x.updated_at FROM articles a
                JOIN {link} l ON l.article_id = a.id JOIN {Table(kind)} x ON x.id = l.{column}
                WHERE {ScheduledPublication.DueSql("$1")}
                  AND NOT x.published_article_count > 0)
            """;
    }

    /// The list's number of URLs and newest lastmod (null without URLs), as two columns.
    static string Summary(SitemapKind kind) => $"""
        ((SELECT coalesce(sum(urls), 0) FROM sitemap_lists_ready WHERE list = '{Table(kind)}')
            + (SELECT coalesce(sum(delta), 0) FROM sitemap_list_deltas WHERE list = '{Table(kind)}')
            + (SELECT count(*) FROM due_{Table(kind)}))::integer,
        greatest((SELECT updated_at FROM {Table(kind)} WHERE published_article_count > 0 ORDER BY updated_at DESC LIMIT 1),
            (SELECT max(updated_at) FROM due_{Table(kind)}))
        """;

    /// The listed rows of a file in its order (id): the stored-count ones from the partial index, merged with the due ones.
    static string Rows(SitemapKind kind, string columns) => $"""
        SELECT {columns} FROM (
            SELECT id, slug, updated_at FROM {Table(kind)} WHERE published_article_count > 0
            UNION ALL SELECT id, slug, updated_at FROM due_{Table(kind)}) r
        ORDER BY id OFFSET $2 LIMIT {SitemapFile.MaxUrls}
        """;

    /// The index's three lists: name, number of URLs, newest lastmod. One statement; $1 the request's time.
    public static readonly string IndexSql =
        "WITH " + string.Join(",\n", Kinds.Select(Due)) + "\n"
        + string.Join("\nUNION ALL\n", Kinds.Select((kind, i) => $"SELECT {i}, '{Table(kind)}', {Summary(kind)}"))
        + "\nORDER BY 1";

    /// A file's number of URLs, newest lastmod and the last content change (the ETag's key); $1 the request's time.
    public static readonly Dictionary<SitemapKind, string> ETagSql = Kinds.ToDictionary(k => k, k => $"""
        WITH {Due(k)}
        SELECT {Summary(k)}, (SELECT coalesce(max(sequence), 0) FROM content_changes)
        """);

    /// A file's slugs and lastmods in order; $1 the request's time, $2 the URLs before the file (SitemapFile.Skip).
    public static readonly Dictionary<SitemapKind, string> UrlsSql = Kinds.ToDictionary(k => k, k => $"WITH {Due(k)}\n{Rows(k, "slug, updated_at")}");

    /// A page's newest lastmod (a list past 50,000 URLs); $1 the request's time, $2 the URLs before the page.
    static readonly Dictionary<SitemapKind, string> PageSql = Kinds.ToDictionary(k => k, k => $"""
        WITH {Due(k)}
        SELECT max(updated_at) FROM ({Rows(k, "updated_at")}) p
        """);

    /// Appends the lists' entries to the index's (after the months), as SitemapQueries.AddListsAsync does: one statement,
    /// and one more per page of a list past 50,000 URLs.
    public static async Task AddListsAsync(ReadyStatement statement, DateTime now, List<SitemapQueries.Listed> listed, CancellationToken ct)
    {
        var lists = new List<(SitemapKind Kind, int Count, DateTime Last)>();
        await using (var reader = await statement.ExecuteReaderAsync(IndexSql, [At(now)], ct))
        {
            var row = reader.DbDataReader;
            while (await row.ReadAsync(ct))
                if (row.GetInt32(2) > 0)
                    lists.Add((Kinds[row.GetInt32(0)], row.GetInt32(2), row.GetDateTime(3)));
        }
        foreach (var (kind, count, last) in lists)
        {
            var first = new SitemapFile(kind, null, 1);
            if (count <= SitemapFile.MaxUrls)
            {
                listed.Add(new SitemapQueries.Listed(first.Name, last));
                continue;
            }
            for (var page = 1; (page - 1) * SitemapFile.MaxUrls < count; page++)
            {
                var file = first with { Page = page };
                await using var reader = await statement.ExecuteReaderAsync(PageSql[kind], [At(now), Skip(file)], ct);
                await reader.DbDataReader.ReadAsync(ct);
                listed.Add(new SitemapQueries.Listed(file.Name, reader.DbDataReader.GetDateTime(0)));
            }
        }
    }

    /// The file's ETag as the query path makes it (SitemapQueries.ETag); null when the file does not exist (no URL, or a
    /// page past the last).
    public static async Task<string?> ETagAsync(ReadyStatement statement, DateTime now, SitemapFile file, CancellationToken ct)
    {
        await using var reader = await statement.ExecuteReaderAsync(ETagSql[file.Kind], [At(now)], ct);
        var row = reader.DbDataReader;
        if (!await row.ReadAsync(ct) || row.GetInt32(0) <= file.Skip || await row.IsDBNullAsync(1, ct))
            return null;
        return SitemapQueries.ETag(file, row.GetInt32(0), row.GetDateTime(1), row.GetInt64(2));
    }

    /// The file's URLs in order, written from the rows as the query path writes them.
    public static async IAsyncEnumerable<SitemapUrl> UrlsAsync(ReadyStatement statement, SiteUrls site, DateTime now, SitemapFile file,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var url = SitemapQueries.ListUrl(site, file.Kind);
        await using var reader = await statement.ExecuteReaderAsync(UrlsSql[file.Kind], [At(now), Skip(file)], ct);
        var row = reader.DbDataReader;
        while (await row.ReadAsync(ct))
            yield return new SitemapUrl(url(row.GetString(0)), row.GetDateTime(1), []);
    }

    static NpgsqlParameter At(DateTime now) => new NpgsqlParameter<DateTime> { TypedValue = now };

    static NpgsqlParameter Skip(SitemapFile file) => new NpgsqlParameter<int> { TypedValue = file.Skip };

    /// ReadySitemapCatchUp's first run: the counters from the resources, the deltas locked against the triggers meanwhile
    /// (bench/DataGenerator writes with its triggers off). In the transaction open on `db`.
    public const string ReconcileSql = """
        LOCK TABLE sitemap_list_deltas IN EXCLUSIVE MODE;
        DELETE FROM sitemap_list_deltas;
        INSERT INTO sitemap_lists_ready (list, urls)
        SELECT 'authors', count(*) FROM authors WHERE published_article_count > 0
        UNION ALL SELECT 'tags', count(*) FROM tags WHERE published_article_count > 0
        UNION ALL SELECT 'sources', count(*) FROM sources WHERE published_article_count > 0
        ON CONFLICT (list) DO UPDATE SET urls = excluded.urls WHERE sitemap_lists_ready.urls <> excluded.urls;
        """;

    /// The deltas the triggers appended, folded into the counters (one statement: a read sees both or neither).
    public const string FoldSql = """
        WITH folded AS (DELETE FROM sitemap_list_deltas RETURNING list, delta)
        INSERT INTO sitemap_lists_ready (list, urls) SELECT list, sum(delta) FROM folded GROUP BY list
        ON CONFLICT (list) DO UPDATE SET urls = sitemap_lists_ready.urls + excluded.urls
        """;
}
