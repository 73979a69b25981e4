#:package Npgsql@10.0.3
// Database CPU of one statement as the API sends it (Npgsql, binary results, auto-prepared): runs it N times on one
// connection and reads that backend's CPU (/proc/<pid>/schedstat, ns) before and after. helper ready1m, issue 20.
//   dotnet run dbcpu.cs -- "<connection string>" <N> <variant>
// `union` is the statement before helper front1m (LIMIT $2 in the branches: custom plans at 1M under plan_cache_mode auto),
// `union101` ReadyFrontPage's since (a constant limit in the branches: the generic plan); `decomp` decompresses the docs
// without sending them. Add `;Options=-c plan_cache_mode=force_generic_plan` to the connection string to compare.
using System.Diagnostics;
using Npgsql;

var cs = args[0]; var n = int.Parse(args[1]); var variant = args[2];
string where = "published_at <= $1";
string sql = variant switch
{
    "union" => $"""
        (SELECT article_id, published_at, doc, keys FROM article_summaries_ready
         WHERE doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2)
        UNION ALL
        (SELECT article_id, published_at, doc, keys FROM article_summaries_ready
         WHERE NOT doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2)
        ORDER BY published_at DESC, article_id DESC LIMIT $2
        """,
    "single" => $"SELECT article_id, published_at, doc, keys FROM article_summaries_ready WHERE doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2",
    "nokeys" => $"SELECT article_id, published_at, doc FROM article_summaries_ready WHERE doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2",
    "idonly" => $"SELECT article_id, published_at FROM article_summaries_ready WHERE doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2",
    "keystr" => $"SELECT article_id, published_at, doc, array_to_string(keys, ' ') FROM article_summaries_ready WHERE doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2",
    "unionkeystr" => $"""
        (SELECT article_id, published_at, doc, keys FROM article_summaries_ready
         WHERE doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2)
        UNION ALL
        (SELECT article_id, published_at, doc, keys FROM article_summaries_ready
         WHERE NOT doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2)
        ORDER BY published_at DESC, article_id DESC LIMIT $2
        """.Replace("doc, keys FROM", "doc, array_to_string(keys, ' ') FROM"),
    "singleflag" => $"SELECT article_id, published_at, doc, keys, (SELECT EXISTS (SELECT 1 FROM article_summaries_ready WHERE NOT doc_in_index AND {where})) FROM article_summaries_ready WHERE doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2",
    "singlenewest" => $"SELECT article_id, published_at, doc, keys, (SELECT published_at FROM article_summaries_ready WHERE NOT doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT 1) FROM article_summaries_ready WHERE doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2",
    "decomp" => $"SELECT article_id, published_at, octet_length(doc || ''::bytea) FROM article_summaries_ready WHERE doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT $2",
    "union101" => $"""
        (SELECT article_id, published_at, doc, keys FROM article_summaries_ready
         WHERE doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT 101)
        UNION ALL
        (SELECT article_id, published_at, doc, keys FROM article_summaries_ready
         WHERE NOT doc_in_index AND {where} ORDER BY published_at DESC, article_id DESC LIMIT 101)
        ORDER BY published_at DESC, article_id DESC LIMIT $2
        """,
    "select1" => "SELECT $1::timestamptz, $2::int",
    "slug" => "SELECT doc, body, keys FROM article_docs_ready WHERE slug = $3 AND published_at <= $1 AND (stale_at IS NULL OR stale_at > $1) AND site_version = $2 LIMIT 1",
    _ => throw new ArgumentException(variant),
};
var csb = new NpgsqlConnectionStringBuilder(cs) { MaxAutoPrepare = 20, ApplicationName = "ready1m-dbcpu" };
await using var conn = new NpgsqlConnection(csb.ConnectionString);
await conn.OpenAsync();
int pid;
await using (var c = new NpgsqlCommand("SELECT pg_backend_pid()", conn)) pid = (int)(await c.ExecuteScalarAsync())!;
long Ns() => long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[0]);
var slug = args.Length > 3 ? args[3] : "";
long siteVersion = 0;
if (variant == "slug")
    await using (var c = new NpgsqlCommand("SELECT site_version FROM article_docs_ready WHERE slug = $1", conn)) { c.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug }); siteVersion = (long)(await c.ExecuteScalarAsync())!; }
var At = Environment.GetEnvironmentVariable("AT") is { } at ? DateTime.Parse(at, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal) : DateTime.UtcNow;
long bytes = 0;
async Task Run(int times)
{
    for (var i = 0; i < times; i++)
    {
        await using var command = new NpgsqlCommand(sql, conn);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = At });
        if (variant == "slug") { command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = siteVersion }); command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug }); }
        else command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 21 });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            for (var f = 0; f < reader.FieldCount; f++)
                if (reader.GetFieldType(f) == typeof(byte[])) bytes += reader.GetFieldValue<byte[]>(f).Length;
                else _ = reader.GetValue(f);
    }
}
await Run(200); // warm: prepared after 5 uses, generic plan after 5 more
bytes = 0;
var ns0 = Ns(); var sw = Stopwatch.StartNew();
await Run(n);
var ns1 = Ns();
Console.WriteLine($"{variant}: {n} runs, backend CPU {(ns1 - ns0) / 1e3 / n:F1} µs a statement, wall {sw.Elapsed.TotalMilliseconds * 1000 / n:F1} µs, {bytes / n} bytes of bytea a statement");
