using System.Security.Claims;
using System.Text.Json;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Features.Authors;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Features.Sources;
using ArticlesApi.Features.Tags;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ArticlesApi.Features.ReadyNamed;

/// The public reads of one author, tag or source (GET /authors/{idOrSlug}, /tags/…, /sources/…) from ready-made
/// representations (table named_resources_ready, migration ReadyresNamedResourcesReady): the bytes the query path
/// writes for the public, rendered by its own projection and serializer, less the two values that change without a
/// write to the resource itself, which the read splices in:
/// - `url`, from the site's settings: SiteUrls as the query path has it (SiteLinks, per content generation);
/// - `articleCount`: the stored count (kept by the database's triggers in every article write's transaction) plus the
///   due scheduled articles it does not hold yet, counted by the read's own statement at the read's time, so a
///   scheduled article counts from its time on, as in the query path (ScheduledPublication.DueIdsAsync).
/// A row is rendered in the transaction of the write that changed its resource (ContentChangeRecorder); a write that
/// bypasses the recorder empties it (triggers) and ReadySummaryWorker renders it. Misses (no row, a doc to render, an
/// old slug, a tag no public article carries), staff reads and ReadyMade:NamedResources=false keep the query path.
/// Nothing fans out: a change of the site or of articles alters no stored doc. docs/decisions, the readymade ADR.
public static class ReadyNamedResources
{
    /// false: authors, tags and sources are always read by their query path (the rows are still kept).
    public const string EnabledSetting = "ReadyMade:NamedResources";

    const string UrlProperty = "url";
    const string CountProperty = "articleCount";

    static string Table(ContentResource kind) => kind switch
    {
        ContentResource.Author => "authors",
        ContentResource.Tag => "tags",
        ContentResource.Source => "sources",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// `author`, `tag`, `source`: constants, as every ready read names its surrogate key with one.
    internal static string KindName(ContentResource kind) => kind switch
    {
        ContentResource.Author => "author",
        ContentResource.Tag => "tag",
        ContentResource.Source => "source",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// Due scheduled articles of the resource `x` that its stored count does not hold yet (the query path's
    /// ScheduledPublication.DueIdsAsync joined as its projection does): the due ones from ix_articles_status_published_at
    /// (a handful: ScheduledPublication promotes them every minute), each checked on the link's primary key. OFFSET 0 keeps
    /// the check a per-article subplan: as a join, PostgreSQL may hash every link of a tag on 100k articles.
    static string DueCount(ContentResource kind) => $"""
        SELECT count(*) FROM articles a
        WHERE {ScheduledPublication.DueSql("$2")}
          AND EXISTS (SELECT 1 FROM {kind switch
          {
              ContentResource.Author => "article_authors l WHERE l.article_id = a.id AND l.author_id = x.id",
              ContentResource.Tag => "article_tags l WHERE l.article_id = a.id AND l.tag_id = x.id",
              _ => "citations l WHERE l.article_id = a.id AND l.source_id = x.id",
          }} OFFSET 0)
        """;

    static string Read(ContentResource kind, bool byId) => $"""
        SELECT x.id, x.slug, x.published_article_count + ({DueCount(kind)})::integer, r.doc, r.url_at, r.count_at
        FROM {Table(kind)} x JOIN named_resources_ready r ON r.id = x.id
        WHERE x.{(byId ? "id" : "slug")} = $1
        """;

    static readonly Dictionary<(ContentResource, bool), string> Reads = new[] { ContentResource.Author, ContentResource.Tag, ContentResource.Source }
        .SelectMany(kind => new[] { true, false }.Select(byId => (kind, byId)))
        .ToDictionary(k => k, k => Read(k.kind, k.byId));

    internal sealed record ReadyRow(Guid Id, string Slug, int ArticleCount, byte[] Doc, int UrlAt, int CountAt);

    /// Sends the ready-made public representation of `idOrSlug`; false (nothing sent) when the query path must answer.
    /// `db` is called only when the site's settings must be read again (a context is leased then).
    public static async Task<bool> TrySendAsync(HttpContext http, ReadyStatement statement, SiteLinks links, TimeProvider time, Func<ArticlesDb> db,
        ContentResource kind, string idOrSlug, CancellationToken ct)
    {
        if (!Serves(http.User, http.RequestServices.GetRequiredService<ReadyMadeSwitches>()))
            return false;
        if (await ReadAsync(statement, kind, idOrSlug, time.GetUtcNow().UtcDateTime, ct) is not { } row
            // A tag that no public article carries is not found by the public (ReadableTags): the query path says so.
            || (kind == ContentResource.Tag && row.ArticleCount <= 0))
            return false;
        var url = UrlOf(await links.CurrentAsync(db, ct), kind, row.Slug);
        await http.Response.SendAsync<object>(new ReadyNamedRepresentation(kind, row, url), 200, cancellation: ct);
        return true;
    }

    /// The `url` of a resource: SiteUrls as the query path has it.
    internal static string UrlOf(SiteUrls site, ContentResource kind, string slug) => kind switch
    {
        ContentResource.Author => site.Author(slug),
        ContentResource.Tag => site.Tag(slug),
        _ => site.Source(slug),
    };

    /// The public reads: anonymous callers and reader keys (what the public reads; staff reads show more).
    static bool Serves(ClaimsPrincipal user, ReadyMadeSwitches switches) => Caller.ReadsAsPublic(user) && switches.NamedResources;

    /// The row of `idOrSlug` with its count at `now`, in one statement (on the pooled data source, ReadyStatement:
    /// observed as every read's); null when there is none or its doc is still to be rendered. A key that
    /// reads as an id is only ever an id (NamedResources.FindAsync).
    internal static async Task<ReadyRow?> ReadAsync(ReadyStatement statement, ContentResource kind, string idOrSlug, DateTime now, CancellationToken ct)
    {
        var byId = Guid.TryParse(idOrSlug, out var id);
        await using var reader = await statement.ExecuteReaderAsync(Reads[(kind, byId)],
        [
            byId ? new NpgsqlParameter<Guid> { TypedValue = id } : new NpgsqlParameter<string> { TypedValue = idOrSlug },
            new NpgsqlParameter<DateTime> { TypedValue = now },
        ], ct);
        var row = reader.DbDataReader;
        if (!await row.ReadAsync(ct) || await row.IsDBNullAsync(3, ct))
            return null;
        return new ReadyRow(row.GetGuid(0), row.GetString(1), row.GetInt32(2), row.GetFieldValue<byte[]>(3), row.GetInt32(4), row.GetInt32(5));
    }

    /// Renders the authors, tags and sources that the changes about to commit in this transaction created or changed
    /// (ContentChangeRecorder), in it. Article changes alter no stored doc (the count is the read's).
    public static async Task RefreshForAsync(ArticlesDb db, IReadOnlyList<ContentChange> changes, CancellationToken ct)
    {
        List<Guid>? ids = null;
        foreach (var change in changes)
            if (change.Resource is ContentResource.Author or ContentResource.Tag or ContentResource.Source)
                (ids ??= []).Add(change.ResourceId);
        if (ids is not null)
            await RefreshAsync(db, [.. ids.Distinct()], ct);
    }

    /// Renders the rows of `ids` from the resources as this transaction sees them, in the transaction open on `db`,
    /// locking them first (of two transactions, the later renders after the earlier committed). Returns how many.
    public static async Task<int> RefreshAsync(ArticlesDb db, Guid[] ids, CancellationToken ct)
    {
        Array.Sort(ids);
        var kinds = new Dictionary<Guid, string>();
        await using (var lockRows = Command(db, "SELECT id, kind FROM named_resources_ready WHERE id = ANY($1) ORDER BY id FOR UPDATE"))
        {
            lockRows.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            await using var reader = await lockRows.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                kinds[reader.GetGuid(0)] = reader.GetString(1);
        }
        var rendered = new List<Rendered>();
        foreach (var group in kinds.GroupBy(k => k.Value, k => k.Key))
            rendered.AddRange(await RenderAsync(db, Enum.Parse<ContentResource>(group.Key, ignoreCase: true), [.. group], ct));
        if (rendered.Count == 0)
            return 0;
        await using var write = Command(db, """
            UPDATE named_resources_ready r SET doc = v.doc, url_at = v.url_at, count_at = v.count_at
            FROM unnest($1::uuid[], $2::bytea[], $3::integer[], $4::integer[]) AS v (id, doc, url_at, count_at)
            WHERE r.id = v.id
            """);
        write.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. rendered.Select(r => r.Id)] });
        write.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. rendered.Select(r => r.Doc)] });
        write.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. rendered.Select(r => r.UrlAt)] });
        write.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. rendered.Select(r => r.CountAt)] });
        return await write.ExecuteNonQueryAsync(ct);
    }

    internal sealed record Rendered(Guid Id, byte[] Doc, int UrlAt, int CountAt);

    /// The public representations of `ids` as the query path makes them (its projection for the public, its serializer),
    /// cut where the read splices the url and the count.
    static async Task<List<Rendered>> RenderAsync(ArticlesDb db, ContentResource kind, Guid[] ids, CancellationToken ct)
    {
        IEnumerable<(Guid Id, object Dto)> found = kind switch
        {
            ContentResource.Author => (await db.Authors.AsNoTracking().Where(a => ids.Contains(a.Id))
                .Select(AuthorProjections.For(ArticleViewer.Public, [])).ToListAsync(ct)).Select(a => (a.Id, (object)a)),
            ContentResource.Tag => (await db.Tags.AsNoTracking().Where(t => ids.Contains(t.Id))
                .Select(TagProjections.Public([])).ToListAsync(ct)).Select(t => (t.Id, (object)t)),
            _ => (await db.Sources.AsNoTracking().Where(s => ids.Contains(s.Id))
                .Select(SourceProjections.Public([])).ToListAsync(ct)).Select(s => (s.Id, (object)s)),
        };
        return [.. found.Select(x => Cut(x.Id, JsonSerializer.SerializeToUtf8Bytes(x.Dto, x.Dto.GetType(), Representations.Options)))];
    }

    /// The representation without the values of its top-level `url` and `articleCount`, and where they were.
    internal static Rendered Cut(Guid id, byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        (int Start, int End)? url = null, count = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                continue;
            var isUrl = reader.ValueTextEquals(UrlProperty);
            var isCount = !isUrl && reader.ValueTextEquals(CountProperty);
            reader.Read();
            var value = ((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
            if (isUrl)
                url = value;
            else if (isCount)
                count = value;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                reader.Skip();
        }
        if (url is not { } u || count is not { } c || u.End > c.Start)
            throw new InvalidOperationException($"The representation of {id} no longer has its url before its articleCount: it cannot be made ready.");
        var doc = new byte[json.Length - (u.End - u.Start) - (c.End - c.Start)];
        json.AsSpan(0, u.Start).CopyTo(doc);
        json.AsSpan(u.End, c.Start - u.End).CopyTo(doc.AsSpan(u.Start));
        json.AsSpan(c.End).CopyTo(doc.AsSpan(u.Start + c.Start - u.End));
        return new Rendered(id, doc, u.Start, u.Start + c.Start - u.End);
    }

    /// Background (ReadySummaryWorker's catch-up): renders the rows emptied by writes that bypassed the recorder (or made
    /// by the migration's backfill), claimed FOR UPDATE SKIP LOCKED in batches, each its own transaction. Returns how many.
    public static async Task<long> RenderEmptiedAsync(ArticlesDb db, int batchSize, bool wait, CancellationToken ct)
    {
        long rendered = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ids = new List<Guid>();
            await using (var claim = Command(db, $"""
                SELECT id FROM named_resources_ready WHERE doc IS NULL ORDER BY id LIMIT {batchSize} FOR UPDATE{(wait ? "" : " SKIP LOCKED")}
                """))
            {
                await using var reader = await claim.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    ids.Add(reader.GetGuid(0));
            }
            if (ids.Count == 0)
                return rendered;
            await RefreshAsync(db, [.. ids], ct);
            // No new generation: a read of an emptied row was answered by the query path, the same bytes.
            await transaction.CommitAsync(ct);
            rendered += ids.Count;
        }
    }

    /// A row to render for every author, tag and source that has none (written while the triggers were off, as
    /// bench/DataGenerator's COPY does): normally nothing. Once per process (ReadySummaryWorker), in its transaction.
    public static async Task ReconcileAsync(ArticlesDb db, CancellationToken ct)
    {
        foreach (var kind in new[] { ContentResource.Author, ContentResource.Tag, ContentResource.Source })
        {
            await using var add = Command(db, $"""
                INSERT INTO named_resources_ready (id, kind) SELECT x.id, '{KindName(kind)}' FROM {Table(kind)} x
                WHERE NOT EXISTS (SELECT 1 FROM named_resources_ready r WHERE r.id = x.id)
                ON CONFLICT (id) DO NOTHING
                """);
            await add.ExecuteNonQueryAsync(ct);
        }
    }

    static NpgsqlCommand Command(ArticlesDb db, string sql) => Articles.Ready.ReadySummaries.Command(db, sql);
}

/// A ready-made author, tag or source: the stored bytes with the url and the count spliced in, written by
/// Representations as any answer (ETag of the bytes, 304, cache fill, coding). Its surrogate keys are the ones a walk
/// of the DTO finds: `<kind>-<id>`, then `article-counts` (it shows a count of articles).
sealed class ReadyNamedRepresentation(ContentResource kind, ReadyNamedResources.ReadyRow row, string url) : WrittenRepresentation, IKnownSurrogateKeys
{
    public override string MediaType => "application/json";

    public override void WriteTo(Stream output) => Write(output, row, url);

    /// The stored bytes of `row` with `url` and its count spliced in (a list writes its items with it too).
    internal static void Write(Stream output, ReadyNamedResources.ReadyRow row, string url)
    {
        var doc = row.Doc.AsSpan();
        output.Write(doc[..row.UrlAt]);
        output.Write(JsonSerializer.SerializeToUtf8Bytes(url, Representations.Options));
        output.Write(doc[row.UrlAt..row.CountAt]);
        Span<byte> digits = stackalloc byte[11];
        row.ArticleCount.TryFormat(digits, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        output.Write(digits[..written]);
        output.Write(doc[row.CountAt..]);
    }

    public IEnumerable<string> ListKeys() => [SurrogateKeys.ArticleCounts];

    public IEnumerable<string> ResourceKeys() => [$"{ReadyNamedResources.KindName(kind)}-{row.Id:D}"];
}
