using System.Data.Common;
using System.Text.Json;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Features.ReadyNamed;

/// The public lists of authors, tags and sources (GET /authors, /tags, /sources; any sort, limit, cursor and `total`)
/// from the ready-made representations of their items (named_resources_ready, ReadyNamedResources): one statement that
/// walks one of the resource's own indexes (so which resources are listed, and in which order, is the query path's:
/// every author and source, the tags with a public article), joins each one's ready row on its key, and with `total`
/// counts the list in the same statement. The page is the stored bytes with the url and the count spliced in (as the
/// single read), between the list's envelope made by the serializer; its cursor is the query path's (NameCursor or
/// CountCursor, same codec and scope).
/// - By name: the (name, id) index; each item's due scheduled articles are added to its stored count at the read's time.
/// - By articleCount: the (published_article_count, id) index, forwards or backwards. The public count is the stored
///   count plus the due scheduled articles no job has folded yet (ScheduledPublication promotes them every minute),
///   which no index orders: so the statement walks the index only when no scheduled article is due and unfolded at the
///   read's time (a probe of ix_articles_status_published_at, in the same statement and snapshot), when every public
///   count is the stored one. Otherwise it returns no row and the query path answers (for at most the promotion
///   interval after a scheduled article's time).
/// The query path answers when this does not: staff reads (the email, every tag), an item of the page still to be
/// rendered (or without a row), an empty page after a cursor with `total` (by name) or any empty page (by count), a cursor that is not
/// one of this list's (its 400), and ReadyMade:NamedLists=false.
public static class ReadyNamedLists
{
    /// false: the lists are always read by their query path.
    public const string EnabledSetting = "ReadyMade:NamedLists";

    static string Table(ContentResource kind) => kind switch
    {
        ContentResource.Author => "authors",
        ContentResource.Tag => "tags",
        ContentResource.Source => "sources",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// Whether the due scheduled article `d.id` is linked to `x`: a key lookup per due article (OFFSET 0 keeps it a
    /// subplan; as a join, PostgreSQL hashes every link of the resource, 100k for a large tag at 1M).
    static string LinkedToDue(ContentResource kind) => kind switch
    {
        ContentResource.Author => "article_authors l WHERE l.article_id = d.id AND l.author_id = x.id OFFSET 0",
        ContentResource.Tag => "article_tags l WHERE l.article_id = d.id AND l.tag_id = x.id OFFSET 0",
        _ => "citations l WHERE l.article_id = d.id AND l.source_id = x.id OFFSET 0",
    };

    /// Which resources the public list shows: ReadableTags for tags (a published article, or a due scheduled one,
    /// carries it); every author and source.
    static string Listed(ContentResource kind) => kind == ContentResource.Tag
        ? $"(x.published_article_count > 0 OR (due.ids IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(due.ids) d (id) WHERE EXISTS (SELECT 1 FROM {LinkedToDue(kind)}))))"
        : "true";

    /// One page by name: the due scheduled articles once (ScheduledPublication.DueIdsAsync's rule, ArticleVisibility; normally
    /// none, then no item looks further), the page from the (name, id) index, each item's ready row by its key.
    static string Page(ContentResource kind, bool after, bool total) => $"""
        WITH due AS MATERIALIZED (
            SELECT array_agg(a.id) AS ids FROM articles a
            WHERE {ScheduledPublication.DueSql("$1")})
        SELECT x.id, x.slug, x.name,
            x.published_article_count + CASE WHEN due.ids IS NULL THEN 0
                ELSE (SELECT count(*) FROM unnest(due.ids) d (id) WHERE EXISTS (SELECT 1 FROM {LinkedToDue(kind)}))::integer END,
            r.doc, r.url_at, r.count_at{(total ? $", (SELECT count(*) FROM due, {Table(kind)} x WHERE {Listed(kind)})::integer" : "")}
        FROM due CROSS JOIN {Table(kind)} x LEFT JOIN named_resources_ready r ON r.id = x.id
        WHERE {Listed(kind)}{(after ? " AND (x.name, x.id) > ($3, $4)" : "")}
        ORDER BY x.name, x.id
        LIMIT $2
        """;

    /// One page by articleCount (ascending or descending, ties in the same direction by id, as the query path), only
    /// when no scheduled article is due and unfolded: then the public count is the stored one, which the index orders.
    /// The probe is uncorrelated, a one-time filter evaluated before the walk.
    static string PageByCount(ContentResource kind, bool descending, bool after, bool total)
    {
        var listed = kind == ContentResource.Tag ? " AND x.published_article_count > 0" : "";
        var direction = descending ? " DESC" : "";
        return $"""
            SELECT x.id, x.slug, x.name, x.published_article_count, r.doc, r.url_at, r.count_at{(total
                ? $", (SELECT count(*) FROM {Table(kind)} x WHERE true{listed})::integer" : "")}
            FROM {Table(kind)} x LEFT JOIN named_resources_ready r ON r.id = x.id
            WHERE NOT EXISTS (SELECT 1 FROM articles a
                WHERE {ScheduledPublication.DueSql("$1")}){listed}{(after
                ? $" AND (x.published_article_count, x.id) {(descending ? "<" : ">")} ($3, $4)" : "")}
            ORDER BY x.published_article_count{direction}, x.id{direction}
            LIMIT $2
            """;
    }

    static readonly Dictionary<(ContentResource, NamedSort, bool, bool), string> Statements =
        new[] { ContentResource.Author, ContentResource.Tag, ContentResource.Source }
        .SelectMany(kind => Enum.GetValues<NamedSort>().Select(sort => (kind, sort)))
        .SelectMany(k => new[] { false, true }.SelectMany(after => new[] { false, true }.Select(total => (k.kind, k.sort, after, total))))
        .ToDictionary(k => k, k => k.sort == NamedSort.Name
            ? Page(k.kind, k.after, k.total)
            : PageByCount(k.kind, k.sort == NamedSort.ArticleCountDescending, k.after, k.total));

    internal sealed record ListRow(ReadyNamedResources.ReadyRow Row, string Name);

    /// Sends the public page `r` asks for from the ready rows; false (nothing sent) when the query path must answer.
    /// `db` is called only to check a name cursor or read the site's settings again (a context is leased then).
    public static async Task<bool> TrySendAsync<TEntity, TResponse>(HttpContext http, ReadyStatement statement, SiteLinks links, TimeProvider time,
        Func<ArticlesDb> db, CursorCodec cursors, ContentResource kind, NamedListRequest r, string resource, CancellationToken ct)
        where TEntity : class, INamed
    {
        if (!Caller.ReadsAsPublic(http.User) || !http.RequestServices.GetRequiredService<ReadyMadeSwitches>().NamedLists)
            return false;
        var sort = NamedSorts.Of(r.Sort);
        var scope = NamedSorts.Scope(resource, sort);
        // The position after which the page starts, as the statement's $3 and $4; none without a cursor.
        DbParameter[] after = [];
        if (!string.IsNullOrEmpty(r.Cursor))
        {
            if (sort == NamedSort.Name && NamedResources.DecodeName<TEntity>(db(), cursors, r.Cursor, scope) is { } name)
                after = [new NpgsqlParameter<string> { TypedValue = name.Name }, new NpgsqlParameter<Guid> { TypedValue = name.Id }];
            else if (sort != NamedSort.Name && NamedResources.DecodeCount(cursors, r.Cursor, scope) is { } count)
                after = [new NpgsqlParameter<int> { TypedValue = count.ArticleCount }, new NpgsqlParameter<Guid> { TypedValue = count.Id }];
            else
                return false;
        }
        var limit = r.PageSize();
        var wantsTotal = r.WantsTotal();
        if (await ReadAsync(statement, time.GetUtcNow().UtcDateTime, Statements[(kind, sort, after.Length > 0, wantsTotal)], after, limit, wantsTotal, ct) is not { } read
            // By count, no row also says that a due scheduled article moves the counts (or the page is empty): the query path.
            || (sort != NamedSort.Name && read.Rows.Count == 0))
            return false;
        var page = Pages.Build(http, read.Rows, limit, read.Total, last => sort == NamedSort.Name
            ? cursors.Encode(new NameCursor(last.Name, last.Row.Id), scope)
            : cursors.Encode(new CountCursor(last.Row.ArticleCount, last.Row.Id), scope), rows => rows);
        var site = await links.CurrentAsync(db, ct);
        var envelope = JsonSerializer.SerializeToUtf8Bytes(new ListResponse<TResponse> { Data = [], Meta = page.Meta }, Representations.Options);
        var items = page.Data.Select(x => (x.Row, ReadyNamedResources.UrlOf(site, kind, x.Row.Slug))).ToList();
        await http.Response.SendAsync<object>(new ReadyNamedPage(kind, envelope, items), 200, cancellation: ct);
        return true;
    }

    /// The page's rows (limit + 1: the last says there is a next page) and the total when asked; null when an item of
    /// the page has no doc yet, or when a page after a cursor is empty and the total is asked (no row carries it).
    static async Task<(List<ListRow> Rows, int? Total)?> ReadAsync(ReadyStatement statements, DateTime now, string statement, DbParameter[] after,
        int limit, bool wantsTotal, CancellationToken ct)
    {
        DbParameter[] parameters =
        [
            new NpgsqlParameter<DateTime> { TypedValue = now }, new NpgsqlParameter<int> { TypedValue = limit + 1 }, .. after,
        ];
        // On the pooled data source, as the single read (ReadyStatement: observed as every read's).
        await using var command = await statements.ExecuteReaderAsync(statement, parameters, ct);
        var reader = command.DbDataReader;
        var rows = new List<ListRow>(limit + 1);
        int? total = null;
        while (await reader.ReadAsync(ct))
        {
            if (wantsTotal)
                total = reader.GetInt32(7);
            // The row after the page only says that there is a next page: its doc is not written.
            var toRender = await reader.IsDBNullAsync(4, ct);
            if (toRender && rows.Count < limit)
                return null;
            rows.Add(new ListRow(new ReadyNamedResources.ReadyRow(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(3),
                toRender ? [] : reader.GetFieldValue<byte[]>(4), toRender ? 0 : reader.GetInt32(5), toRender ? 0 : reader.GetInt32(6)),
                reader.GetString(2)));
        }
        // No row carried the total: the page is empty. Without a cursor the list is (the total counts the whole list,
        // the page its start); after one, the query path counts.
        if (wantsTotal && total is null)
            return after.Length == 0 ? (rows, 0) : null;
        return (rows, total);
    }
}

/// A page of ready-made authors, tags or sources: `{"data":[` the items, each its stored bytes with its url and count
/// spliced in, `],"meta":…}` from the serializer. Written by Representations as any answer (ETag of the bytes, 304,
/// cache fill, coding); its surrogate keys are what a walk of the query path's page finds: `<kind>-<id>` of each item,
/// then `<kind>s`, then `article-counts` when an item shows a count.
sealed class ReadyNamedPage(ContentResource kind, byte[] envelope, IReadOnlyList<(ReadyNamedResources.ReadyRow Row, string Url)> items)
    : WrittenRepresentation, IKnownSurrogateKeys
{
    static readonly byte[] DataStart = "{\"data\":["u8.ToArray();

    readonly string _kind = ReadyNamedResources.KindName(kind);

    public override string MediaType => "application/json";

    public override void WriteTo(Stream output)
    {
        if (!envelope.AsSpan().StartsWith(DataStart) || envelope[DataStart.Length] != (byte)']')
            throw new InvalidOperationException("The list no longer starts with its data: the ready-made page cannot be spliced.");
        output.Write(DataStart);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
                output.WriteByte((byte)',');
            ReadyNamedRepresentation.Write(output, items[i].Row, items[i].Url);
        }
        output.Write(envelope.AsSpan(DataStart.Length));
    }

    public IEnumerable<string> ListKeys() => items.Count == 0 ? [$"{_kind}s"] : [$"{_kind}s", SurrogateKeys.ArticleCounts];

    public IEnumerable<string> ResourceKeys() => items.Select(i => $"{_kind}-{i.Row.Id:D}");
}
