using System.Linq.Expressions;
using System.Text.Json;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Http;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ArticlesApi.Features.Articles.Ready;

/// The ready-made public articles (table article_docs_ready): each published or scheduled article out of the trash, as
/// the bytes GET /articles/{idOrSlug} writes for an anonymous reader with every body format, where each format's member
/// of `body` is (so any `formats` is cut out of the same bytes), and the surrogate keys it shows. Rendered by the query
/// path's own code (ArticleProjections.Full, ArticleResponse.LinkTo, Representations.Options), so a ready answer and a
/// queried one are the same bytes. Rendered as a reader sees the article once it is visible (status `published`, the
/// translations public from its time on); the read filters on published_at &lt;= now and on stale_at (a translation
/// scheduled later, which joins `translations` at its time). docs/decisions/0045-readymade-front-page.md, readyslug.
public static class ReadyArticles
{
    /// false: reads by id or slug always take the query path (the ready-made docs are still kept).
    public const string EnabledSetting = "ReadyMade:Article";

    /// Refreshes the docs of the changes about to commit in this transaction (ContentChangeRecorder): every article
    /// changed (translation group members included: TranslationGroupChanges records them), and the articles showing an
    /// author, tag or source changed when they are few (ReadySummaries.InlineFanOut; beyond, ReadySummaryWorker).
    public static async Task RefreshForAsync(ArticlesDb db, IReadOnlyList<ContentChange> changes, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        var keys = new List<string>();
        foreach (var change in changes)
        {
            if (change.Resource == ContentResource.Article)
                ids.Add(change.ResourceId);
            else if (change.Kind is ChangeKind.Updated or ChangeKind.Deleted && KeyOf(change.Resource, change.ResourceId) is { } key)
                keys.Add(key);
        }
        if (keys.Count > 0)
        {
            var inline = Service<IConfiguration>(db)?.GetValue(ReadySummaries.InlineFanOutSetting, ReadySummaries.DefaultInlineFanOut)
                ?? ReadySummaries.DefaultInlineFanOut;
            var showing = await ShowingAsync(db, keys, inline + 1, ct);
            if (showing.Count <= inline)
                ids.UnionWith(showing);
        }
        if (ids.Count > 0)
            await RefreshAsync(db, [.. ids], ct);
    }

    static T? Service<T>(ArticlesDb db) where T : class =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<T>();

    /// The surrogate key an article carries for an author, tag or source (what a change of it may alter); null for the others.
    internal static string? KeyOf(ContentResource resource, Guid id) =>
        resource == ContentResource.Source ? $"source-{id:D}" : ReadySummaries.KeyOf(resource, id);

    /// The articles whose ready doc shows any of `keys`, at most `limit`.
    internal static Task<List<Guid>> ShowingAsync(ArticlesDb db, IReadOnlyList<string> keys, int limit, CancellationToken ct) =>
        ReadySummaries.ShowingAsync(db, "article_docs_ready", keys, limit, ct);

    /// Renders the docs of `ids` from the rows as this transaction sees them, in the transaction open on `db`: the
    /// ready rows are locked first, so of two transactions refreshing an article the later renders after the earlier
    /// committed. An article that is no longer published or scheduled (or is gone) loses its row. Returns how many
    /// docs changed (docs rendered the same are not written again).
    public static async Task<int> RefreshAsync(ArticlesDb db, Guid[] ids, CancellationToken ct)
    {
        Array.Sort(ids);
        await using (var lockRows = Command(db, "SELECT 1 FROM article_docs_ready WHERE article_id = ANY($1) ORDER BY article_id FOR UPDATE"))
        {
            lockRows.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            await lockRows.ExecuteNonQueryAsync(ct);
        }
        var clock = (Service<TimeProvider>(db) ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var rendered = await RenderAsync(db, ids, clock, ct);
        var kept = rendered.Select(r => r.Id).ToArray();
        int changed;
        await using (var drop = Command(db, "DELETE FROM article_docs_ready WHERE article_id = ANY($1) AND NOT article_id = ANY($2)"))
        {
            drop.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            drop.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = kept });
            changed = await drop.ExecuteNonQueryAsync(ct);
        }
        if (rendered.Count == 0)
            return changed;
        // body: one array per member (unnest would flatten an array of arrays); -1: no parts (NULL).
        await using var write = Command(db, """
            INSERT INTO article_docs_ready (article_id, slug, published_at, doc, body, keys, stale_at, site_version)
            SELECT id, slug, published_at, doc, CASE WHEN b0 < 0 THEN NULL ELSE ARRAY[b0, b1, b2, b3] END, string_to_array(keys, ' '), stale_at, $11
            FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                AS r (id, slug, published_at, doc, b0, b1, b2, b3, keys, stale_at)
            ON CONFLICT (article_id) DO UPDATE SET slug = excluded.slug, published_at = excluded.published_at,
                doc = excluded.doc, body = excluded.body, keys = excluded.keys, stale_at = excluded.stale_at,
                site_version = excluded.site_version
            WHERE (article_docs_ready.slug, article_docs_ready.published_at, article_docs_ready.doc, article_docs_ready.body,
                   article_docs_ready.keys, article_docs_ready.stale_at, article_docs_ready.site_version)
                IS DISTINCT FROM (excluded.slug, excluded.published_at, excluded.doc, excluded.body, excluded.keys, excluded.stale_at,
                   excluded.site_version)
            """);
        write.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = kept });
        write.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rendered.Select(r => r.Slug)] });
        write.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. rendered.Select(r => r.PublishedAt)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        write.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. rendered.Select(r => r.Doc)] });
        for (var i = 0; i < 4; i++)
        {
            var at = i;
            write.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. rendered.Select(r => r.Body is { } body ? body[at] : -1)] });
        }
        write.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rendered.Select(r => string.Join(' ', r.Keys))] });
        write.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = [.. rendered.Select(r => r.StaleAt)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        write.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rendered[0].SiteVersion });
        return changed + await write.ExecuteNonQueryAsync(ct);
    }

    internal sealed record Rendered(Guid Id, string Slug, DateTime PublishedAt, byte[] Doc, int[]? Body, IReadOnlyList<string> Keys, DateTime? StaleAt,
        long SiteVersion);

    /// The public read's projection with every body format, each article at max(its publication, `clock`): from then on
    /// it reads as published and shows the translations public then (stale_at: until the next one is due).
    static Expression<Func<Article, ArticleResponse>> Projection(DateTime clock)
    {
        var full = ArticleProjections.FullAt(BodyFormats.All);
        Expression<Func<Article, ArticleResponse>> at = a => full.Invoke(a, a.PublishedAt > clock ? a.PublishedAt!.Value : clock, false);
        return at.Expand();
    }

    /// The docs of those of `ids` the public may read at some time (published or scheduled, out of the trash), as the
    /// query path makes them.
    internal static async Task<List<Rendered>> RenderAsync(ArticlesDb db, Guid[] ids, DateTime clock, CancellationToken ct)
    {
        var articles = await db.Articles.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.DeletedAt == null && a.PublishedAt != null
                && (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled))
            .Select(Projection(clock))
            .AsSplitQuery()
            .ToListAsync(ct);
        if (articles.Count == 0)
            return [];
        var stale = await StaleAtAsync(db, [.. articles.Select(a => a.Id)], clock, ct);
        // The site as this transaction sees it (a change of the site's URLs in it included), not the cached one.
        var site = new SiteUrls(await db.Sites.AsNoTracking().SingleAsync(ct), 0);
        return [.. articles.Select(article =>
        {
            article.LinkTo(site);
            var doc = JsonSerializer.SerializeToUtf8Bytes(article, Representations.Options);
            return new Rendered(article.Id, article.Slug, article.PublishedAt!.Value, doc, ReadyArticleBody.PartsOf(doc, article.Body),
                SurrogateKeys.Of(article), stale.TryGetValue(article.Id, out var at) ? at : null, site.Site.Version);
        })];
    }

    /// For each article with a translation that becomes public after the time it was rendered at (max(published_at,
    /// clock)), the first such time: its `translations` change then.
    internal static async Task<Dictionary<Guid, DateTime>> StaleAtAsync(ArticlesDb db, Guid[] ids, DateTime clock, CancellationToken ct)
    {
        await using var command = Command(db, """
            SELECT a.id, min(s.published_at) FROM articles a
            JOIN articles s ON s.translation_group_id = a.translation_group_id AND s.id <> a.id
            WHERE a.id = ANY($1) AND a.translation_group_id IS NOT NULL
              AND s.deleted_at IS NULL AND s.status IN ('published', 'scheduled') AND s.published_at > greatest(a.published_at, $2)
            GROUP BY a.id
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock });
        var stale = new Dictionary<Guid, DateTime>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            stale[reader.GetGuid(0)] = reader.GetDateTime(1);
        return stale;
    }

    /// The public read by id (or by slug when `id` is null): one statement on the primary key or the slug's index, sent
    /// on the pooled data source (ReadyStatement: no context leased, observed as every read's). Null
    /// when there is no current doc (unknown, not public, taken down, an old slug, a doc to render or out of date): the
    /// query path answers then.
    public static async Task<ReadyArticleBody?> ReadAsync(ReadyStatement statement, string slug, Guid? id, DateTime now, uint siteVersion, CancellationToken ct)
    {
        await using var reader = await statement.ExecuteReaderAsync(id is null ? BySlug : ById,
        [
            id is { } key ? new NpgsqlParameter<Guid> { TypedValue = key } : new NpgsqlParameter<string> { TypedValue = slug },
            new NpgsqlParameter<DateTime> { TypedValue = now },
            new NpgsqlParameter<long> { TypedValue = siteVersion },
        ], ct);
        var row = reader.DbDataReader;
        if (!await row.ReadAsync(ct) || await row.IsDBNullAsync(0, ct))
            return null;
        return new ReadyArticleBody(row.GetFieldValue<byte[]>(0), await row.IsDBNullAsync(1, ct) ? null : row.GetFieldValue<int[]>(1),
            row.GetFieldValue<string[]>(2));
    }

    const string Columns = "SELECT doc, body, keys FROM article_docs_ready";
    /// Rendered with the site settings the request reads (the row version of its cached SiteUrls): after a site change a
    /// doc is not served with the old URLs or names; the query path answers until the background has re-rendered it.
    const string Current = "published_at <= $2 AND (stale_at IS NULL OR stale_at > $2) AND site_version = $3";
    const string ById = $"{Columns} WHERE article_id = $1 AND {Current}";
    const string BySlug = $"{Columns} WHERE slug = $1 AND {Current} LIMIT 1";

    static NpgsqlCommand Command(ArticlesDb db, string sql) => new(sql, (NpgsqlConnection)db.Database.GetDbConnection(),
        (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
}
