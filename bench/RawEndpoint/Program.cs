// The stack's floor for bench/run.sh: the API's scenario routes answered by ASP.NET Core routing, raw
// Npgsql and a hand-driven Utf8JsonWriter. It sends the SQL the API sends (bench/sql/*.sql, captured
// from EF Core's command log), statement by statement as the API does, and writes the same JSON
// (same names, order and nulls; cursors signed as the API signs them) without ETags or any framework
// feature. Only the scenario routes exist; other filters answer 501.
//
//   ConnectionStrings__Articles="Host=…" dotnet bench/RawEndpoint/bin/Release/net10.0/ArticlesApi.Bench.RawEndpoint.dll --urls http://127.0.0.1:5091
using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ArticlesApi.Bench.RawEndpoint;
using ArticlesApi.Features.Articles;
using Microsoft.AspNetCore.Http.Extensions;
using Npgsql;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var given = builder.Configuration.GetConnectionString("Articles")
    ?? throw new InvalidOperationException("ConnectionStrings__Articles is not set.");
var connection = new NpgsqlConnectionStringBuilder(given);
// NpgsqlConnectionStringBuilder.ContainsKey says whether a keyword exists, not whether the string sets it:
// what the string sets is read from a plain DbConnectionStringBuilder (as Resilience/ConnectionDefaults.cs does).
var setKeys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = given };
bool Sets(params string[] keys) => keys.Any(setKeys.ContainsKey);
// The floor is the best this driver does: persistent prepared statements and no reset round trip,
// unless the connection string says otherwise.
if (connection.MaxAutoPrepare == 0)
    connection.MaxAutoPrepare = 20;
if (!Sets("No Reset On Close", "NoResetOnClose"))
    connection.NoResetOnClose = true;
// As the API (ConnectionDefaults.Enlist): no ambient System.Transactions look-up on every open.
if (!Sets("Enlist"))
    connection.Enlist = false;
// The API's pool sizes (Resilience/ConnectionDefaults.cs, Database/CustomPlans.cs): the run keeps the API
// up while the raw endpoint is measured, and both must stay under PostgreSQL's 100 connections.
if (!Sets("Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
    connection.MaxPoolSize = 8;
var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
// As the API: searches, the tag filter and the counts of the authors list are planned for their values
// (src/ArticlesApi/Infrastructure/Database/CustomPlans.cs).
var customPlans = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection.ConnectionString)
{
    Options = "-c plan_cache_mode=force_custom_plan -c max_parallel_workers_per_gather=0",
    MaxPoolSize = 10,
}.ConnectionString);

Cursors.UseKey(builder.Configuration["Paging:CursorKey"]);
var app = builder.Build();
var handlers = new Handlers(dataSource, customPlans);
app.MapGet("/api/v1/articles/{slug}", handlers.Article);
app.MapGet("/api/v1/articles", handlers.Articles);
// One author or tag: always the ready rows (the API's default read; the raw endpoint has no query-path variant of it).
var readyNamed = new ReadyNamed(dataSource);
// The authors list: RAW_READYMADE=1 from the ready rows as the API reads it (ReadyNamedLists), else its query path by
// name; by `-articleCount` always the ready rows (the raw endpoint has no query-path variant of that sort).
app.MapGet("/api/v1/authors", (HttpContext http) => ReadyMade.Enabled || http.Request.Query["sort"] == "-articleCount"
    ? readyNamed.AuthorsList(http) : handlers.Authors(http));
app.MapGet("/api/v1/authors/{idOrSlug}", readyNamed.Authors);
app.MapGet("/api/v1/tags/{idOrSlug}", readyNamed.Tags);
var distribution = new Distribution(dataSource);
app.MapGet("/api/v1/feeds/rss", distribution.Rss);
app.MapGet("/api/v1/feeds/json", distribution.Json);
app.MapGet("/api/v1/sitemaps/news.xml", distribution.News);
// The sitemap index, month and list files: always the ready rows (Sitemaps.cs).
var sitemaps = new RawSitemaps(dataSource, distribution);
app.MapGet("/api/v1/sitemaps/index.xml", sitemaps.Index);
app.MapGet("/api/v1/sitemaps/{name}.xml", (HttpContext http, string name) => sitemaps.File(http, name));
app.MapGet("/health/live", context => context.Response.WriteAsync("ok"));
Console.Error.WriteLine($"raw endpoint: {connection.Host}:{connection.Port}/{connection.Database}, Max Auto Prepare={connection.MaxAutoPrepare}, No Reset On Close={connection.NoResetOnClose}, Maximum Pool Size={connection.MaxPoolSize}");
app.Run();

namespace ArticlesApi.Bench.RawEndpoint
{
    /// q's parses by q, as the API keeps them (Search.Parses).
    static class SearchParses
    {
        public static ArticlesApi.Infrastructure.Caching.BoundedCache<string, NpgsqlTypes.NpgsqlTsQuery[]> Kept { get; } = new(2_000);
    }

    static class Sql
    {
        static string Load(string name) =>
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "sql", name + ".sql")).TrimEnd().TrimEnd(';');

        public static readonly string Article = Load("article"), ArticleAuthors = Load("article-authors"),
            ArticleTags = Load("article-tags"), ArticleCitations = Load("article-citations"),
            PageFront = Load("page-front"), PageAfter = Load("page-after"), PageTag = Load("page-tag"),
            PageSearch = Load("page-search"), PageSearchDate = Load("page-search-date"), TagIds = Load("tag-ids"),
            PageAuthors = Load("page-authors"), PageTags = Load("page-tags"), Authors = Load("authors"),
            DueScheduled = Load("due-scheduled"), SearchQuery = Load("search-query");
    }

    /// The API's cursor format (Infrastructure/Paging/CursorCodec.cs) with the key both are given in
    /// Paging:CursorKey (bench/run.sh makes one per run): base64url(JSON) "." base64url(HMAC-SHA256(scope \0 JSON)[..16]).
    static class Cursors
    {
        static byte[] Key = [];

        public static void UseKey(string? configured) => Key = SHA256.HashData(Encoding.UTF8.GetBytes(
            string.IsNullOrEmpty(configured) ? throw new InvalidOperationException("Paging:CursorKey must be set: the API's cursors are signed with it.") : configured));

        public static string Encode(ReadOnlySpan<byte> payload, string scope) =>
            $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Mac(payload, scope))}";

        public static bool TryDecode(string cursor, string scope, out byte[] payload)
        {
            payload = [];
            var dot = cursor.IndexOf('.');
            if (dot <= 0 || !Base64Url.IsValid(cursor.AsSpan(0, dot)) || !Base64Url.IsValid(cursor.AsSpan(dot + 1)))
                return false;
            payload = Base64Url.DecodeFromChars(cursor.AsSpan(0, dot));
            return CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(cursor.AsSpan(dot + 1)), Mac(payload, scope));
        }

        static byte[] Mac(ReadOnlySpan<byte> payload, string scope)
        {
            var data = new byte[Encoding.UTF8.GetByteCount(scope) + 1 + payload.Length];
            var n = Encoding.UTF8.GetBytes(scope, data);
            payload.CopyTo(data.AsSpan(n + 1));
            return HMACSHA256.HashData(Key, data)[..16];
        }
    }

    sealed class Handlers(NpgsqlDataSource dataSource, NpgsqlDataSource customPlans)
    {
        const int DefaultLimit = 20;

        /// The newest matches that sort=relevance ranks (Articles.List.Endpoint.RelevanceWindow).
        const int RelevanceWindow = 100;

        static async Task<Guid[]> Ids(NpgsqlCommand command, CancellationToken ct)
        {
            var ids = new List<Guid>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                ids.Add(r.GetGuid(0));
            return [.. ids];
        }

        // As FastEndpoints' serializer: non-ASCII and HTML-sensitive characters are written as they are.
        static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public async Task Article(HttpContext http)
        {
            var slug = (string)http.Request.RouteValues["slug"]!;
            var ct = http.RequestAborted;
            var now = DateTime.UtcNow;
            if (ReadyMade.Enabled && await ReadyMade.ArticleAsync(http, dataSource, slug, now))
                return;
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var buffer = new ArrayBufferWriter<byte>(64 * 1024);
            await using var json = new Utf8JsonWriter(buffer, JsonOptions);

            await using (var command = new NpgsqlCommand(Sql.Article, connection))
            {
                command.Parameters.Add(new NpgsqlParameter<DateTime>("now2", now));
                command.Parameters.Add(new NpgsqlParameter<DateTime>("now", now));
                command.Parameters.Add(new NpgsqlParameter<string>("r_IdOrSlug", slug));
                await using var r = await command.ExecuteReaderAsync(ct);
                if (!await r.ReadAsync(ct))
                {
                    http.Response.StatusCode = 404;
                    return;
                }
                json.WriteStartObject();
                json.WriteString("id", r.GetGuid(0));
                json.WriteString("slug", r.GetString(1));
                json.WriteString("title", r.GetString(2));
                WriteNullable(json, "subtitle", r, 3);
                json.WriteString("excerpt", r.GetString(4));
                json.WriteStartObject("body");
                json.WriteString("markdown", r.GetString(5));
                json.WriteString("html", r.GetString(6));
                json.WriteString("text", r.GetString(7));
                json.WriteEndObject();
                json.WriteString("language", r.GetString(8));
                json.WriteString("status", r.GetString(9));
                WriteNullableDate(json, "publishedAt", r, 10);
                json.WriteString("createdAt", r.GetDateTime(11));
                json.WriteString("updatedAt", r.GetDateTime(12));
                json.WriteNumber("wordCount", r.GetInt32(13));
                json.WriteNumber("readingTimeMinutes", r.GetInt32(14));
                if (r.GetBoolean(15))
                    json.WriteNull("featureImage");
                else
                {
                    json.WriteStartObject("featureImage");
                    json.WriteString("url", r.GetString(16));
                    WriteNullable(json, "alt", r, 17);
                    WriteNullable(json, "caption", r, 18);
                    json.WriteEndObject();
                }
                WriteNullable(json, "canonicalUrl", r, 19);
            }

            json.WriteStartArray("authors");
            await using (var command = BySlug(Sql.ArticleAuthors, connection, now, slug))
            await using (var r = await command.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    WriteAuthorSummary(json, r, 0);
            json.WriteEndArray();

            json.WriteStartArray("tags");
            await using (var command = BySlug(Sql.ArticleTags, connection, now, slug))
            await using (var r = await command.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    WriteTagSummary(json, r, 0);
            json.WriteEndArray();

            var citations = new List<Citation>();
            await using (var command = BySlug(Sql.ArticleCitations, connection, now, slug))
            await using (var r = await command.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    citations.Add(new Citation(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
                        r.IsDBNull(7) ? null : r.GetString(7), r.GetInt32(8)));
            json.WriteStartArray("citations");
            foreach (var c in citations)
                WriteCitation(json, c);
            json.WriteEndArray();
            json.WriteStartArray("citationsBySource");
            foreach (var group in citations.GroupBy(c => c.SourceId))
            {
                json.WriteStartObject();
                WriteSource(json, group.First());
                json.WriteStartArray("citations");
                foreach (var c in group)
                    WriteCitation(json, c);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(ct);
            await Send(http, buffer);
        }

        public async Task Articles(HttpContext http)
        {
            var query = http.Request.Query;
            var ct = http.RequestAborted;
            var limit = query.TryGetValue("limit", out var l) && int.TryParse(l, CultureInfo.InvariantCulture, out var n) ? n : DefaultLimit;
            string? tag = query["tag"], q = query["q"], sort = query["sort"], cursor = query["cursor"];
            var relevance = q is not null && string.IsNullOrEmpty(sort);
            if ((sort is not (null or "-publishedAt")) || (tag is not null && (q is not null || cursor is not null))
                || (q is not null && cursor is not null))
            {
                http.Response.StatusCode = 501;
                return;
            }
            var scope = string.Join('\u001f', "articles", relevance ? "Relevance" : "PublishedAtDescending", q, tag, "", "", "", "", "", "Published");

            var now = DateTime.UtcNow;
            if (ReadyMade.Enabled && q is null && tag is null)
            {
                DateTime? readyAt = null;
                var readyId = Guid.Empty;
                if (cursor is not null)
                {
                    if (!Cursors.TryDecode(cursor, scope, out var readyPayload) || !TryReadDateCursor(readyPayload, out var ticks, out readyId))
                    {
                        http.Response.StatusCode = 400;
                        return;
                    }
                    readyAt = new DateTime(ticks, DateTimeKind.Utc);
                }
                await ReadyMade.ServeAsync(http, dataSource, limit, readyAt, readyId, scope);
                return;
            }
            await using var connection = await (q is not null || tag is not null ? customPlans : dataSource).OpenConnectionAsync(ct);
            Guid[] tagIds = [];
            if (tag is not null)
            {
                await using var resolve = new NpgsqlCommand(Sql.TagIds, connection);
                resolve.Parameters.Add(new NpgsqlParameter<string[]>("query_Tags", [tag]));
                tagIds = await Ids(resolve, ct);
            }
            // As the API: q parsed by every language once (the query that ranks, the one without prefixes that ranks exact
            // matches first, and the one with each language's marker that finds the matches), then passed to the page query.
            // Kept for the process by q, as the API keeps them (Search.Parses): a repeated q sends no parse.
            NpgsqlTypes.NpgsqlTsQuery? parsed = null, marked = null, exact = null;
            if (q is not null)
            {
                if (!SearchParses.Kept.TryGetValue(q, out var queries))
                {
                    await using var parse = new NpgsqlCommand(Sql.SearchQuery, connection);
                    parse.Parameters.Add(new NpgsqlParameter<string>("p0", q));
                    await using var reader = await parse.ExecuteReaderAsync(ct);
                    await reader.ReadAsync(ct);
                    queries = reader.GetFieldValue<NpgsqlTypes.NpgsqlTsQuery[]>(0);
                    SearchParses.Kept.Keep(q, queries);
                }
                (parsed, marked, exact) = (queries[0], queries[1], queries[2]);
            }
            var sql = q is not null ? (relevance ? Sql.PageSearch : Sql.PageSearchDate)
                : tag is not null ? Sql.PageTag
                : cursor is not null ? Sql.PageAfter
                : Sql.PageFront;
            var rows = new List<Row>(limit + 1);
            await using (var command = new NpgsqlCommand(sql, connection))
            {
                if (q is not null)
                {
                    command.Parameters.Add(new NpgsqlParameter<NpgsqlTypes.NpgsqlTsQuery>("search_Parsed", parsed!));
                    command.Parameters.Add(new NpgsqlParameter<NpgsqlTypes.NpgsqlTsQuery>("search_Exact", exact!));
                }
                command.Parameters.Add(new NpgsqlParameter<DateTime>("now", now));
                if (q is not null)
                    command.Parameters.Add(new NpgsqlParameter<NpgsqlTypes.NpgsqlTsQuery>("marked", marked!));
                if (tag is not null)
                    command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids_Tags", tagIds));
                if (cursor is not null)
                {
                    if (!Cursors.TryDecode(cursor, scope, out var payload) || !TryReadDateCursor(payload, out var at, out var id))
                    {
                        http.Response.StatusCode = 400;
                        return;
                    }
                    command.Parameters.Add(new NpgsqlParameter<DateTime>("at", new DateTime(at, DateTimeKind.Utc)));
                    command.Parameters.Add(new NpgsqlParameter<Guid>("id", id));
                }
                if (relevance)
                {
                    command.Parameters.Add(new NpgsqlParameter<int>("p", RelevanceWindow));
                    command.Parameters.Add(new NpgsqlParameter<int>("p5", limit + 1));
                }
                else
                    command.Parameters.Add(new NpgsqlParameter<int>("p", limit + 1));
                await using var r = await command.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                    // Column 8 (created_at) orders the lists that include drafts; not part of this answer.
                    rows.Add(q is not null ? SearchRow(r) : new Row(r.GetGuid(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                        r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetDateTime(7), r.GetDateTime(9), r.GetInt32(10),
                        r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13),
                        0, null));
            }
            var more = rows.Count > limit;
            if (more)
                rows.RemoveAt(rows.Count - 1);
            var ids = rows.Select(x => x.Id).ToArray();

            var authors = new Dictionary<Guid, List<(Guid Id, string Slug, string Name, string? AvatarUrl)>>();
            await using (var command = new NpgsqlCommand(Sql.PageAuthors, connection))
            {
                command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids));
                await using var r = await command.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var articleId = r.GetGuid(0);
                    if (!authors.TryGetValue(articleId, out var list))
                        authors[articleId] = list = [];
                    list.Add((r.GetGuid(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
                }
            }
            var tags = new Dictionary<Guid, List<(Guid Id, string Slug, string Name)>>();
            await using (var command = new NpgsqlCommand(Sql.PageTags, connection))
            {
                command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids));
                await using var r = await command.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var articleId = r.GetGuid(0);
                    if (!tags.TryGetValue(articleId, out var list))
                        tags[articleId] = list = [];
                    list.Add((r.GetGuid(1), r.GetString(2), r.GetString(3)));
                }
            }

            if (q is not null)
            {
                // As the API: the highlights cut by its own code, with its two statements when its cache lacks an answer.
                var headlines = await PageHighlights.ComputeAsync(q,
                    rows.Select(x => new HighlightSource(x.Language, x.Title, x.Subtitle, x.Body ?? "")).ToList(),
                    new HighlightQueries(connection), HighlightCache.Shared, ct);
                for (var i = 0; i < rows.Count; i++)
                    rows[i] = rows[i] with { Headline = headlines[i] };
            }

            string? next = null;
            if (more)
            {
                var last = rows[^1];
                var payload = new ArrayBufferWriter<byte>(128);
                await using (var p = new Utf8JsonWriter(payload))
                {
                    // The member order of the API's ArticleCursor(Id, At, Title, Rank).
                    p.WriteStartObject();
                    p.WriteString("id", last.Id);
                    if (relevance)
                        p.WriteNumber("rank", last.Rank);
                    else if (last.PublishedAt is { } at)
                        p.WriteNumber("at", at.Ticks);
                    p.WriteEndObject();
                }
                next = Cursors.Encode(payload.WrittenSpan, scope);
                http.Response.Headers.Append("Link", $"<{NextUrl(http.Request, next)}>; rel=\"next\"");
            }

            var buffer = new ArrayBufferWriter<byte>(32 * 1024);
            await using var json = new Utf8JsonWriter(buffer, JsonOptions);
            json.WriteStartObject();
            json.WriteStartArray("data");
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("id", row.Id);
                json.WriteString("slug", row.Slug);
                json.WriteString("title", row.Title);
                WriteNullable(json, "subtitle", row.Subtitle);
                json.WriteString("excerpt", row.Excerpt);
                json.WriteString("language", row.Language);
                json.WriteString("status", row.Status == "scheduled" && row.PublishedAt <= now ? "published" : row.Status);
                if (row.PublishedAt is { } at) json.WriteString("publishedAt", at); else json.WriteNull("publishedAt");
                json.WriteString("updatedAt", row.UpdatedAt);
                json.WriteNumber("readingTimeMinutes", row.ReadingTimeMinutes);
                if (row.FeatureImageUrl is null)
                    json.WriteNull("featureImage");
                else
                {
                    json.WriteStartObject("featureImage");
                    json.WriteString("url", row.FeatureImageUrl);
                    WriteNullable(json, "alt", row.FeatureImageAlt);
                    WriteNullable(json, "caption", row.FeatureImageCaption);
                    json.WriteEndObject();
                }
                json.WriteStartArray("authors");
                if (authors.TryGetValue(row.Id, out var a))
                    foreach (var x in a)
                    {
                        json.WriteStartObject();
                        json.WriteString("id", x.Id);
                        json.WriteString("slug", x.Slug);
                        json.WriteString("name", x.Name);
                        WriteNullable(json, "avatarUrl", x.AvatarUrl);
                        json.WriteEndObject();
                    }
                json.WriteEndArray();
                json.WriteStartArray("tags");
                if (tags.TryGetValue(row.Id, out var t))
                    foreach (var x in t)
                    {
                        json.WriteStartObject();
                        json.WriteString("id", x.Id);
                        json.WriteString("slug", x.Slug);
                        json.WriteString("name", x.Name);
                        json.WriteEndObject();
                    }
                json.WriteEndArray();
                if (row.Headline is not null)
                    json.WriteString("highlight", Highlights.ToHtml(row.Headline));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteMeta(json, limit, next);
            json.WriteEndObject();
            await json.FlushAsync(ct);
            await Send(http, buffer);
        }

        public async Task Authors(HttpContext http)
        {
            var ct = http.RequestAborted;
            var query = http.Request.Query;
            if (query.ContainsKey("cursor"))
            {
                http.Response.StatusCode = 501;
                return;
            }
            var limit = query.TryGetValue("limit", out var l) && int.TryParse(l, CultureInfo.InvariantCulture, out var n) ? n : DefaultLimit;
            await using var connection = await customPlans.OpenConnectionAsync(ct);
            Guid[] dueScheduled;
            await using (var due = new NpgsqlCommand(Sql.DueScheduled, connection))
            {
                due.Parameters.Add(new NpgsqlParameter<DateTime>("now", DateTime.UtcNow));
                dueScheduled = await Ids(due, ct);
            }
            await using var command = new NpgsqlCommand(Sql.Authors, connection);
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("dueScheduled", dueScheduled));
            command.Parameters.Add(new NpgsqlParameter<int>("p", limit + 1));

            var buffer = new ArrayBufferWriter<byte>(32 * 1024);
            await using var json = new Utf8JsonWriter(buffer, JsonOptions);
            json.WriteStartObject();
            json.WriteStartArray("data");
            var count = 0;
            Guid? current = null;
            (string Name, Guid Id) last = default;
            (DateTime Created, DateTime Updated, int Articles) tail = default;
            await using (var r = await command.ExecuteReaderAsync(ct))
            {
                // One row per link (LEFT JOIN LATERAL): an author's rows are consecutive.
                while (await r.ReadAsync(ct))
                {
                    var id = r.GetGuid(0);
                    if (id != current)
                    {
                        if (current is not null)
                            EndAuthor(json, tail);
                        if (++count > limit)
                            break;
                        current = id;
                        last = (r.GetString(2), id);
                        tail = (r.GetDateTime(11), r.GetDateTime(12), r.GetInt32(10));
                        json.WriteStartObject();
                        json.WriteString("id", id);
                        json.WriteString("slug", r.GetString(1));
                        json.WriteString("name", r.GetString(2));
                        WriteNullable(json, "bio", r, 3);
                        WriteNullable(json, "avatarUrl", r, 4);
                        WriteNullable(json, "websiteUrl", r, 5);
                        WriteNullable(json, "location", r, 6);
                        json.WriteStartArray("links");
                    }
                    if (!r.IsDBNull(7))
                    {
                        json.WriteStartObject();
                        json.WriteString("label", r.GetString(7));
                        json.WriteString("url", r.GetString(8));
                        json.WriteEndObject();
                    }
                }
            }
            if (count <= limit && current is not null)
                EndAuthor(json, tail);
            json.WriteEndArray();

            var next = count > limit ? NextByName(http, last.Name!, last.Id, "authors") : null;
            WriteMeta(json, limit, next);
            json.WriteEndObject();
            await json.FlushAsync(ct);
            await Send(http, buffer);

            static void EndAuthor(Utf8JsonWriter json, (DateTime Created, DateTime Updated, int Articles) tail)
            {
                json.WriteEndArray();
                json.WriteNumber("articleCount", tail.Articles);
                json.WriteString("createdAt", tail.Created);
                json.WriteString("updatedAt", tail.Updated);
                json.WriteEndObject();
            }
        }

        static NpgsqlCommand BySlug(string sql, NpgsqlConnection connection, DateTime now, string slug)
        {
            var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", now));
            command.Parameters.Add(new NpgsqlParameter<string>("r_IdOrSlug", slug));
            return command;
        }

        static async Task Send(HttpContext http, ArrayBufferWriter<byte> buffer)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = buffer.WrittenCount;
            await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
        }

        static bool TryReadDateCursor(byte[] payload, out long at, out Guid id)
        {
            at = 0;
            id = Guid.Empty;
            var reader = new Utf8JsonReader(payload);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                    continue;
                if (reader.ValueTextEquals("at") && reader.Read())
                    at = reader.GetInt64();
                else if (reader.ValueTextEquals("id") && reader.Read())
                    id = reader.GetGuid();
            }
            return at != 0 && id != Guid.Empty;
        }

        /// The cursor of a list by name after (`name`, `id`), as the API's NameCursor, and its Link header.
        internal static string NextByName(HttpContext http, string name, Guid id, string scope) =>
            Next(http, p => p.WriteString("name", name), id, scope);

        /// The API's CountCursor (NamedResources): `{"articleCount":n,"id":…}` bound to the list and its sort.
        internal static string NextByCount(HttpContext http, int articleCount, Guid id, string scope) =>
            Next(http, p => p.WriteNumber("articleCount", articleCount), id, scope);

        static string Next(HttpContext http, Action<Utf8JsonWriter> key, Guid id, string scope)
        {
            var payload = new ArrayBufferWriter<byte>(128);
            using (var p = new Utf8JsonWriter(payload))
            {
                p.WriteStartObject();
                key(p);
                p.WriteString("id", id);
                p.WriteEndObject();
            }
            var next = Cursors.Encode(payload.WrittenSpan, scope);
            http.Response.Headers.Append("Link", $"<{NextUrl(http.Request, next)}>; rel=\"next\"");
            return next;
        }

        static string NextUrl(HttpRequest request, string cursor)
        {
            var query = request.Query
                .Where(p => !p.Key.Equals("cursor", StringComparison.OrdinalIgnoreCase))
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
                .Append(new KeyValuePair<string, string?>("cursor", cursor));
            // Relative, as the API's without Api:PublicUrl.
            return $"{request.PathBase}{request.Path}{QueryString.Create(query)}";
        }

        internal static void WriteMeta(Utf8JsonWriter json, int limit, string? next)
        {
            json.WriteStartObject("meta");
            json.WriteNumber("limit", limit);
            if (next is null) json.WriteNull("nextCursor"); else json.WriteString("nextCursor", next);
            json.WriteNull("total");
            json.WriteEndObject();
        }

        static void WriteAuthorSummary(Utf8JsonWriter json, NpgsqlDataReader r, int at)
        {
            json.WriteStartObject();
            json.WriteString("id", r.GetGuid(at));
            json.WriteString("slug", r.GetString(at + 1));
            json.WriteString("name", r.GetString(at + 2));
            WriteNullable(json, "avatarUrl", r, at + 3);
            json.WriteEndObject();
        }

        static void WriteTagSummary(Utf8JsonWriter json, NpgsqlDataReader r, int at)
        {
            json.WriteStartObject();
            json.WriteString("id", r.GetGuid(at));
            json.WriteString("slug", r.GetString(at + 1));
            json.WriteString("name", r.GetString(at + 2));
            json.WriteEndObject();
        }

        static void WriteSource(Utf8JsonWriter json, Citation c)
        {
            json.WriteStartObject("source");
            json.WriteString("id", c.SourceId);
            json.WriteString("slug", c.SourceSlug);
            json.WriteString("name", c.SourceName);
            json.WriteString("kind", c.Kind);
            json.WriteEndObject();
        }

        static void WriteCitation(Utf8JsonWriter json, Citation c)
        {
            json.WriteStartObject();
            WriteSource(json, c);
            json.WriteString("claim", c.Claim);
            WriteNullable(json, "attribution", c.Attribution);
            WriteNullable(json, "quote", c.Quote);
            WriteNullable(json, "url", c.Url);
            json.WriteNumber("position", c.Position);
            json.WriteEndObject();
        }

        /// A row of page-search.sql / page-search-date.sql (the API's columns: kind, featured and the image's credit and media
        /// are read by the API but not written here; the body is what the highlight is cut from).
        static Row SearchRow(NpgsqlDataReader r) =>
            new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                r.GetString(5), r.GetString(6), r.IsDBNull(9) ? null : r.GetDateTime(9), r.GetDateTime(11), r.GetInt32(12),
                r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : r.GetString(14), r.IsDBNull(15) ? null : r.GetString(15),
                r.GetFloat(19), null, r.GetString(20));

        static void WriteNullable(Utf8JsonWriter json, string name, NpgsqlDataReader r, int ordinal)
        {
            if (r.IsDBNull(ordinal)) json.WriteNull(name); else json.WriteString(name, r.GetString(ordinal));
        }

        static void WriteNullable(Utf8JsonWriter json, string name, string? value)
        {
            if (value is null) json.WriteNull(name); else json.WriteString(name, value);
        }

        static void WriteNullableDate(Utf8JsonWriter json, string name, NpgsqlDataReader r, int ordinal)
        {
            if (r.IsDBNull(ordinal)) json.WriteNull(name); else json.WriteString(name, r.GetDateTime(ordinal));
        }
    }

    sealed record Row(Guid Id, string Slug, string Title, string? Subtitle, string Excerpt, string Language, string Status,
        DateTime? PublishedAt, DateTime UpdatedAt, int ReadingTimeMinutes, string? FeatureImageUrl, string? FeatureImageAlt,
        string? FeatureImageCaption, float Rank, string? Headline, string? Body = null);

    /// The API's highlight statements (HighlightStatements' SQL) sent on the request's connection.
    sealed class HighlightQueries(NpgsqlConnection connection) : HighlightStatements
    {
        public override async Task<IReadOnlyList<(string Language, NpgsqlTypes.NpgsqlTsQuery Query)>> ParseAsync(string q, string[] languages, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(ParseSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("p0", q));
            command.Parameters.Add(new NpgsqlParameter<string[]>("p1", languages));
            await using var r = await command.ExecuteReaderAsync(ct);
            var found = new List<(string, NpgsqlTypes.NpgsqlTsQuery)>();
            while (await r.ReadAsync(ct))
                found.Add((r.GetString(0), r.GetFieldValue<NpgsqlTypes.NpgsqlTsQuery>(1)));
            return found;
        }

        public override async Task<IReadOnlyList<(string Word, string Language, string[] Lexemes)>> LexemesAsync(string[] words, string[] languages, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(LexemesSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string[]>("p0", words));
            command.Parameters.Add(new NpgsqlParameter<string[]>("p1", languages));
            await using var r = await command.ExecuteReaderAsync(ct);
            var found = new List<(string, string, string[])>();
            while (await r.ReadAsync(ct))
                found.Add((r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2)));
            return found;
        }
    }

    sealed record Citation(Guid SourceId, string SourceSlug, string SourceName, string Kind, string Claim, string? Attribution,
        string? Quote, string? Url, int Position);
}
