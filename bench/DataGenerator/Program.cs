// Fills an ArticlesApi database (already migrated) with N generated articles through Npgsql's binary
// COPY: 200 authors, 500 sources, Zipf-distributed tags and words, 0–8 citations per article, a few
// percent drafts, scheduled and trashed articles. Deterministic for a given --seed.
//
//   dotnet run -c Release --project bench/DataGenerator -- --articles 100000 --connection "Host=…"
using System.Diagnostics;
using System.Text;
using ArticlesApi.Bench.DataGenerator;
using Npgsql;
using NpgsqlTypes;

var options = Options.Parse(args);
var random = new Random(options.Seed);
var now = DateTime.UtcNow;
var watch = Stopwatch.StartNew();

// No command timeout: completing a COPY of millions of rows, or building the GIN index over them, takes
// minutes (the 30-second default aborted a 1M-article load at its last COPY).
await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.Connection) { CommandTimeout = 0 }.ConnectionString);
await using var connection = await dataSource.OpenConnectionAsync();

// The append-only records (content_changes, article revisions and corrections) refuse TRUNCATE by trigger; the CASCADE
// reaches the article's own records, which a regenerated database must not keep: their guard is off for the TRUNCATE only.
var appendOnly = await TruncateGuardedTables(connection);
foreach (var table in appendOnly)
    await Execute(connection, $"ALTER TABLE {table} DISABLE TRIGGER USER");
await Execute(connection, "TRUNCATE articles, authors, tags, sources, article_authors, article_tags, citations, api_keys CASCADE");
foreach (var table in appendOnly)
    await Execute(connection, $"ALTER TABLE {table} ENABLE TRIGGER USER");
// The published-article count triggers are off during the load; one recount at the end is faster.
string[] countedTables = ["articles", "article_authors", "article_tags", "citations"];
foreach (var table in countedTables)
    await Execute(connection, $"ALTER TABLE {table} DISABLE TRIGGER USER");
// Secondary indexes are dropped during the load and rebuilt after it: far faster than maintaining
// them row by row (the GIN index on the search vector above all).
var indexes = await SecondaryIndexes(connection);
foreach (var (name, _) in indexes)
    await Execute(connection, $"DROP INDEX IF EXISTS \"{name}\"");

const int authorCount = 200, sourceCount = 500, tagCount = 2000;
var authorIds = NewIds(authorCount);
var sourceIds = NewIds(sourceCount);
var tagIds = NewIds(tagCount);
string[] kinds = ["agency", "government", "intelligence", "media", "organization", "person", "document", "other"];
string[] countries = ["IT", "US", "GB", "FR", "DE", "UA", "RU", "TR", "GR", "EG", "IL", "IR", "CY", "LY", "MT", "ES"];

await using (var writer = await connection.BeginBinaryImportAsync(
    "COPY authors (id, slug, name, bio, email, location, links, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
{
    for (var i = 0; i < authorCount; i++)
    {
        await writer.StartRowAsync();
        await writer.WriteAsync(authorIds[i], NpgsqlDbType.Uuid);
        await writer.WriteAsync($"author-{i + 1}", NpgsqlDbType.Varchar);
        await writer.WriteAsync($"Author {i + 1}", NpgsqlDbType.Varchar);
        await writer.WriteAsync("Correspondent covering foreign affairs.", NpgsqlDbType.Varchar);
        await writer.WriteAsync($"author{i + 1}@newsroom.example", NpgsqlDbType.Varchar);
        await writer.WriteAsync("Roma", NpgsqlDbType.Varchar);
        await writer.WriteAsync("[]", NpgsqlDbType.Jsonb);
        await writer.WriteAsync(now.AddYears(-6), NpgsqlDbType.TimestampTz);
        await writer.WriteAsync(now.AddYears(-6), NpgsqlDbType.TimestampTz);
    }
    await writer.CompleteAsync();
}

await using (var writer = await connection.BeginBinaryImportAsync(
    "COPY sources (id, slug, name, kind, url, country, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
{
    for (var i = 0; i < sourceCount; i++)
    {
        await writer.StartRowAsync();
        await writer.WriteAsync(sourceIds[i], NpgsqlDbType.Uuid);
        await writer.WriteAsync($"source-{i + 1}", NpgsqlDbType.Varchar);
        await writer.WriteAsync($"Source {i + 1}", NpgsqlDbType.Varchar);
        await writer.WriteAsync(kinds[i % kinds.Length], NpgsqlDbType.Varchar);
        await writer.WriteAsync($"https://source{i + 1}.example", NpgsqlDbType.Varchar);
        await writer.WriteAsync(countries[i % countries.Length], NpgsqlDbType.Char);
        await writer.WriteAsync(now.AddYears(-6), NpgsqlDbType.TimestampTz);
        await writer.WriteAsync(now.AddYears(-6), NpgsqlDbType.TimestampTz);
    }
    await writer.CompleteAsync();
}

await using (var writer = await connection.BeginBinaryImportAsync(
    "COPY tags (id, slug, name, description, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
{
    for (var i = 0; i < tagCount; i++)
    {
        await writer.StartRowAsync();
        await writer.WriteAsync(tagIds[i], NpgsqlDbType.Uuid);
        await writer.WriteAsync($"tag-{i + 1}", NpgsqlDbType.Varchar);
        await writer.WriteAsync($"Tag {i + 1}", NpgsqlDbType.Varchar);
        await writer.WriteAsync($"Generated tag, popularity rank {i + 1}.", NpgsqlDbType.Varchar);
        await writer.WriteAsync(now.AddYears(-6), NpgsqlDbType.TimestampTz);
        await writer.WriteAsync(now.AddYears(-6), NpgsqlDbType.TimestampTz);
    }
    await writer.CompleteAsync();
}

var tagZipf = new Zipf(tagCount);
var wordZipf = Vocabulary.Words.ToDictionary(w => w.Key, w => new Zipf(w.Value.Length, 0.9));
var articleIds = new Guid[options.Articles];
await using (var articles = await connection.BeginBinaryImportAsync(
    """
    COPY articles (id, slug, title, subtitle, excerpt, body_markdown, body_html, body_text, language, status,
                   published_at, created_at, updated_at, deleted_at, word_count, reading_time_minutes)
    FROM STDIN (FORMAT BINARY)
    """))
{
    for (var i = 0; i < options.Articles; i++)
    {
        var id = articleIds[i] = Guid.CreateVersion7();
        var language = PickLanguage(random);
        var (status, publishedAt) = PickStatus(random, now, i, options.Articles);
        var paragraphs = Paragraphs(random, language, wordZipf[language], random.Next(300, 1501));
        var title = Sentence(random, language, wordZipf[language], random.Next(6, 12));
        var text = string.Join(' ', paragraphs);
        var wordCount = text.Count(c => c == ' ') + 1;

        await articles.StartRowAsync();
        await articles.WriteAsync(id, NpgsqlDbType.Uuid);
        await articles.WriteAsync($"article-{i + 1}", NpgsqlDbType.Varchar);
        await articles.WriteAsync(title, NpgsqlDbType.Varchar);
        await articles.WriteAsync(Sentence(random, language, wordZipf[language], 12), NpgsqlDbType.Varchar);
        await articles.WriteAsync(paragraphs[0].Length > 300 ? paragraphs[0][..299] + "…" : paragraphs[0], NpgsqlDbType.Varchar);
        await articles.WriteAsync(string.Join("\n\n", paragraphs), NpgsqlDbType.Text);
        await articles.WriteAsync(string.Concat(paragraphs.Select(p => $"<p>{p}</p>\n")), NpgsqlDbType.Text);
        await articles.WriteAsync(text, NpgsqlDbType.Text);
        await articles.WriteAsync(language, NpgsqlDbType.Varchar);
        await articles.WriteAsync(status, NpgsqlDbType.Varchar);
        if (publishedAt is { } at) await articles.WriteAsync(at, NpgsqlDbType.TimestampTz); else await articles.WriteNullAsync();
        // A scheduled article was last edited as long before the generation as it comes due after it: the API stamps every
        // write with its own clock, so no article changed in the future (a walk by last change met all scheduled ones first).
        var created = status == "scheduled" ? now - (publishedAt!.Value - now) : (publishedAt ?? now).AddHours(-3);
        await articles.WriteAsync(created, NpgsqlDbType.TimestampTz);
        await articles.WriteAsync(publishedAt is { } p && p < now ? p : created, NpgsqlDbType.TimestampTz);
        if (random.NextDouble() < 0.005) await articles.WriteAsync(now.AddDays(-1), NpgsqlDbType.TimestampTz); else await articles.WriteNullAsync();
        await articles.WriteAsync(wordCount, NpgsqlDbType.Integer);
        await articles.WriteAsync(Math.Max(1, (int)Math.Ceiling(wordCount / 230.0)), NpgsqlDbType.Integer);

        if ((i + 1) % 50_000 == 0)
            Console.Error.WriteLine($"  {i + 1:N0} articles ({watch.Elapsed.TotalSeconds:F0} s)");
    }
    await articles.CompleteAsync();
}

await using (var authors = await connection.BeginBinaryImportAsync("COPY article_authors (article_id, author_id, position) FROM STDIN (FORMAT BINARY)"))
{
    foreach (var articleId in articleIds)
    {
        var count = random.NextDouble() < 0.8 ? 1 : random.Next(2, 4);
        foreach (var (authorId, position) in Distinct(random, authorCount, count, r => r.Next(authorCount)).Select((a, p) => (authorIds[a], p)))
        {
            await authors.StartRowAsync();
            await authors.WriteAsync(articleId, NpgsqlDbType.Uuid);
            await authors.WriteAsync(authorId, NpgsqlDbType.Uuid);
            await authors.WriteAsync(position, NpgsqlDbType.Integer);
        }
    }
    await authors.CompleteAsync();
}

// Positions as the API writes them (0 = the primary tag): reads order tags by position only, so equal positions would
// make two reads of one article list its tags in different orders.
await using (var tags = await connection.BeginBinaryImportAsync("COPY article_tags (article_id, tag_id, position) FROM STDIN (FORMAT BINARY)"))
{
    foreach (var articleId in articleIds)
    {
        foreach (var (tag, position) in Distinct(random, tagCount, random.Next(1, 6), r => tagZipf.Next(r)).Select((t, p) => (t, p)))
        {
            await tags.StartRowAsync();
            await tags.WriteAsync(articleId, NpgsqlDbType.Uuid);
            await tags.WriteAsync(tagIds[tag], NpgsqlDbType.Uuid);
            await tags.WriteAsync(position, NpgsqlDbType.Integer);
        }
    }
    await tags.CompleteAsync();
}

string[] attributions = ["according to", "said", "claimed", "alleged", "secondo", "ha dichiarato"];
await using (var citations = await connection.BeginBinaryImportAsync(
    "COPY citations (id, article_id, source_id, claim, attribution, position) FROM STDIN (FORMAT BINARY)"))
{
    foreach (var articleId in articleIds)
    {
        var count = random.Next(0, 9);
        for (var position = 0; position < count; position++)
        {
            await citations.StartRowAsync();
            await citations.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await citations.WriteAsync(articleId, NpgsqlDbType.Uuid);
            await citations.WriteAsync(sourceIds[random.Next(sourceCount)], NpgsqlDbType.Uuid);
            await citations.WriteAsync("A generated claim attributed to this source.", NpgsqlDbType.Varchar);
            await citations.WriteAsync(attributions[random.Next(attributions.Length)], NpgsqlDbType.Varchar);
            await citations.WriteAsync(position, NpgsqlDbType.Integer);
        }
    }
    await citations.CompleteAsync();
}
Console.Error.WriteLine($"  rows written ({watch.Elapsed.TotalSeconds:F0} s); rebuilding {indexes.Count} indexes");

foreach (var (_, definition) in indexes)
    await Execute(connection, definition);
foreach (var table in countedTables)
    await Execute(connection, $"ALTER TABLE {table} ENABLE TRIGGER USER");
await Execute(connection, "SELECT articles_counts_refresh()");
// The RUM side table (migration SearchrumPostingsSideTable) is kept by triggers that were off during the load: filled once.
await Execute(connection, "DO $$ BEGIN IF to_regprocedure('article_search_postings_refill()') IS NOT NULL THEN PERFORM article_search_postings_refill(); END IF; END $$");
// Only the tables written here: the ready-made tables are empty until the API's worker makes their rows, and an empty
// table ANALYZEd plans the worker's first check (INSERT … WHERE NOT EXISTS over 1M articles) as a nested loop over a
// table it fills as it goes, quadratic: hours at 1M (left unanalyzed, the planner assumes 10 pages and hashes it).
await Execute(connection, "ANALYZE articles, authors, tags, sources, article_authors, article_tags, citations");
await Execute(connection, "DO $$ BEGIN IF to_regclass('article_search_postings') IS NOT NULL THEN ANALYZE article_search_postings; END IF; END $$");
Console.Error.WriteLine($"Generated {options.Articles:N0} articles in {watch.Elapsed.TotalSeconds:F1} s");

static async Task Execute(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
    await command.ExecuteNonQueryAsync();
}

static async Task<List<string>> TruncateGuardedTables(NpgsqlConnection connection)
{
    // tgtype bit 5 (32): a TRUNCATE trigger.
    await using var command = new NpgsqlCommand(
        "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal AND (tgtype & 32) <> 0", connection);
    var tables = new List<string>();
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
        tables.Add(reader.GetString(0));
    return tables;
}

static async Task<List<(string Name, string Definition)>> SecondaryIndexes(NpgsqlConnection connection)
{
    await using var command = new NpgsqlCommand(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public'
          AND i.tablename IN ('articles', 'article_authors', 'article_tags', 'citations')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """, connection);
    var result = new List<(string, string)>();
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
        result.Add((reader.GetString(0), reader.GetString(1)));
    return result;
}

static Guid[] NewIds(int count) => Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();

static IEnumerable<int> Distinct(Random random, int max, int count, Func<Random, int> draw)
{
    var chosen = new HashSet<int>();
    while (chosen.Count < Math.Min(count, max))
        chosen.Add(draw(random));
    return chosen;
}

static string PickLanguage(Random random) => random.NextDouble() switch
{
    < 0.46 => "it",
    < 0.92 => "en",
    < 0.95 => "fr",
    < 0.98 => "de",
    _ => "es",
};

// Newest articles last, spread over five years; 3 % drafts, 1 % scheduled, 1 % archived.
static (string Status, DateTime? PublishedAt) PickStatus(Random random, DateTime now, int index, int total)
{
    var roll = random.NextDouble();
    var publishedAt = now.AddMinutes(-(total - index) * (5 * 365 * 24 * 60.0 / total)).AddSeconds(-random.Next(60));
    return roll switch
    {
        < 0.03 => ("draft", null),
        < 0.04 => ("scheduled", now.AddHours(random.Next(1, 24 * 14))),
        < 0.05 => ("archived", publishedAt),
        _ => ("published", publishedAt),
    };
}

static string[] Paragraphs(Random random, string language, Zipf zipf, int words)
{
    var paragraphs = new List<string>();
    while (words > 0)
    {
        var length = Math.Min(words, random.Next(40, 120));
        paragraphs.Add(Sentence(random, language, zipf, length));
        words -= length;
    }
    return paragraphs.ToArray();
}

static string Sentence(Random random, string language, Zipf zipf, int words)
{
    var vocabulary = Vocabulary.Words[language];
    var sentence = new StringBuilder();
    for (var w = 0; w < words; w++)
    {
        if (w > 0) sentence.Append(' ');
        sentence.Append(random.NextDouble() < 0.00002
            ? Vocabulary.RareTerms[random.Next(Vocabulary.RareTerms.Length)]
            : vocabulary[zipf.Next(random)]);
    }
    sentence[0] = char.ToUpperInvariant(sentence[0]);
    return sentence.Append('.').ToString();
}

sealed record Options(int Articles, string Connection, int Seed)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new Options(
            int.Parse(Value("--articles", "10000")),
            Value("--connection", Environment.GetEnvironmentVariable("ConnectionStrings__Articles")
                ?? "Host=127.0.0.1;Port=55432;Database=articles_bench;Username=articles;Password=articles"),
            int.Parse(Value("--seed", "42")));
    }
}
