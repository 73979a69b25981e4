using ArticlesApi.Domain;
using Npgsql;
using NpgsqlTypes;

namespace ArticlesApi.Data;

/// A revision the current transaction owes an article: collected by ArticlesDb.SaveChangesAsync from the
/// tracked articles (so no write through a context can forget it), written right before the commit.
public sealed record PendingRevision(Guid ArticleId, string Action, string? Note, DateTime At, Guid? ByKeyId, Guid? ByAuthorId);

/// Writes article revisions in the write's transaction, as the statement before the content changes
/// (ContentChangeRecorder; ScheduledPublication for its promotions). The snapshot is taken in SQL from the rows
/// as the transaction leaves them (the article, its authors, tags, citations and corrections), so relations
/// written after the article row are in it; `changed` compares it with the article's previous revision.
/// One revision per article per transaction. docs/decisions/0032-revisions-as-snapshots.md.
public static class ArticleRevisionLog
{
    /// The snapshot of article `a`, as stored: members named as in the API, times in UTC ISO 8601, tags in their
    /// written order (the first is the primary tag). Revisions written before `kind`, `featured`, `seo` and
    /// `translationGroup` were kept lack them (a restore of one keeps the article's current values).
    public const string SnapshotSql = """
        jsonb_build_object(
            'slug', a.slug, 'title', a.title, 'subtitle', a.subtitle,
            'excerpt', a.excerpt, 'excerptIsCustom', a.excerpt_is_custom,
            'markdown', a.body_markdown, 'language', a.language, 'status', a.status,
            'publishedAt', to_char(a.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'deletedAt', to_char(a.deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'featureImage', CASE WHEN a.feature_image_url IS NULL THEN NULL
                ELSE jsonb_build_object('url', a.feature_image_url, 'alt', a.feature_image_alt, 'caption', a.feature_image_caption)
                    || jsonb_strip_nulls(jsonb_build_object('credit', a.feature_image_credit, 'media', a.feature_image_media_id))
                    || coalesce(a.feature_image_media_details, '{}') END,
            'canonicalUrl', a.canonical_url,
            'kind', CASE a.kind WHEN 'factcheck' THEN 'factCheck' ELSE a.kind END, 'featured', a.featured,
            'seo', jsonb_build_object('metaTitle', a.seo_meta_title, 'metaDescription', a.seo_meta_description, 'ogImage', a.seo_og_image),
            'translationGroup', a.translation_group_id,
            'authors', coalesce((SELECT jsonb_agg(x.author_id ORDER BY x.position) FROM article_authors x WHERE x.article_id = a.id), '[]'),
            'tags', coalesce((SELECT jsonb_agg(x.tag_id ORDER BY x.position, x.tag_id) FROM article_tags x WHERE x.article_id = a.id), '[]'),
            'citations', coalesce((SELECT jsonb_agg(jsonb_build_object('source', c.source_id, 'claim', c.claim,
                    'attribution', c.attribution, 'quote', c.quote, 'url', c.url) ORDER BY c.position)
                FROM citations c WHERE c.article_id = a.id), '[]'),
            'corrections', coalesce((SELECT jsonb_agg(c.id ORDER BY c.at, c.id) FROM article_corrections c WHERE c.article_id = a.id), '[]'))
        """;

    /// One revision per article: an explicit action (a revision restore, a correction, a takedown) wins over
    /// the derived ones, a status action over a plain update.
    public static IReadOnlyList<PendingRevision> OnePerArticle(IReadOnlyList<PendingRevision> pending) =>
        pending.Count <= 1 ? pending
            : [.. pending.GroupBy(p => p.ArticleId).Select(g => g.FirstOrDefault(p => p.Note is not null || !IsDerived(p.Action))
                ?? g.FirstOrDefault(p => p.Action != RevisionActions.Updated) ?? g.First())];

    static bool IsDerived(string action) => action is RevisionActions.Created or RevisionActions.Updated or RevisionActions.Published
        or RevisionActions.Scheduled or RevisionActions.Unpublished or RevisionActions.Trashed or RevisionActions.Restored;

    public static NpgsqlCommand InsertCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<PendingRevision> pending)
    {
        pending = OnePerArticle(pending);
        // An article deleted for good in the same transaction has no row left, and no revision.
        var command = new NpgsqlCommand($"""
            WITH input AS (
                SELECT * FROM unnest($1, $2, $3, $4, $5, $6) AS i(article_id, action, note, at, by_key_id, by_author_id)),
            snapshots AS MATERIALIZED (
                SELECT i.*, {SnapshotSql} AS snapshot
                FROM input i JOIN articles a ON a.id = i.article_id)
            INSERT INTO article_revisions (article_id, number, at, by_key_id, by_key_name, by_author_id, action, changed, snapshot, note)
            SELECT s.article_id, coalesce(p.number, 0) + 1, s.at, s.by_key_id, (SELECT k.name FROM api_keys k WHERE k.id = s.by_key_id),
                s.by_author_id, s.action,
                -- Each side expanded once: `->` on the stored (TOASTed) snapshot would decompress it once per member.
                ARRAY(SELECT n.key FROM jsonb_each(s.snapshot) n LEFT JOIN jsonb_each(p.snapshot) o ON o.key = n.key
                      WHERE o.value IS DISTINCT FROM n.value ORDER BY n.key),
                s.snapshot, s.note
            FROM snapshots s
            LEFT JOIN LATERAL (SELECT r.number, r.snapshot FROM article_revisions r WHERE r.article_id = s.article_id
                               ORDER BY r.number DESC LIMIT 1) p ON true
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. pending.Select(p => p.ArticleId)] });
        command.Parameters.Add(Texts(pending.Select(p => p.Action)));
        command.Parameters.Add(Texts(pending.Select(p => p.Note)));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. pending.Select(p => p.At)] });
        command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = [.. pending.Select(p => p.ByKeyId)] });
        command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = [.. pending.Select(p => p.ByAuthorId)] });
        return command;
    }

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<PendingRevision> pending,
        CancellationToken ct)
    {
        if (pending.Count == 0)
            return;
        await using var command = InsertCommand(connection, transaction, pending);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static void Insert(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<PendingRevision> pending)
    {
        if (pending.Count == 0)
            return;
        using var command = InsertCommand(connection, transaction, pending);
        command.ExecuteNonQuery();
    }

    static NpgsqlParameter<string?[]> Texts(IEnumerable<string?> values) =>
        new() { TypedValue = [.. values], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
