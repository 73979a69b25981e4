using System.Diagnostics;
using System.Text;
using ArticlesApi.Infrastructure.Idempotency;
// An article answer near the 1 MiB body limit: markdown and its html, words from a 5,000-word vocabulary.
var rng = new Random(1);
var vocabulary = Enumerable.Range(0, 5000).Select(_ => new string(Enumerable.Range(0, rng.Next(2, 11)).Select(_ => (char)('a' + rng.Next(26))).ToArray())).ToArray();
var md = new StringBuilder();
while (md.Length < 700_000) { for (var i = 0; i < 60; i++) md.Append(vocabulary[rng.Next(vocabulary.Length)]).Append(' '); md.Append("\n\n"); }
var markdown = md.ToString();
var html = "<p>" + markdown.Replace("\n\n", "</p>\n<p>") + "</p>";
var json = System.Text.Json.JsonSerializer.Serialize(new { id = Guid.NewGuid(), title = "A long one", body = new { markdown, html } });
var body = new MemoryStream(Encoding.UTF8.GetBytes(json));
var keys = RecordKeys.Derive("ak_" + new string('x', 43), Guid.NewGuid().ToString());
var fp = new byte[32];
byte[] sealedAnswer = [];
for (var i = 0; i < 3; i++) sealedAnswer = StoredAnswer.Seal(keys, 201, fp, "/api/v1/articles/x", "application/json", body);
var sw = Stopwatch.StartNew();
const int N = 20;
for (var i = 0; i < N; i++) sealedAnswer = StoredAnswer.Seal(keys, 201, fp, "/api/v1/articles/x", "application/json", body);
var seal = sw.Elapsed.TotalMilliseconds / N;
sw.Restart();
for (var i = 0; i < N; i++) { var opened = StoredAnswer.Open(keys, 201, fp, sealedAnswer)!; var ctx = new Microsoft.AspNetCore.Http.DefaultHttpContext(); ctx.Response.Body = Stream.Null; await StoredAnswer.WriteAsync(ctx.Response, 201, opened, default); }
var open = sw.Elapsed.TotalMilliseconds / N;
sw.Restart();
for (var i = 0; i < N; i++) RecordKeys.Derive("ak_" + new string('x', 43), "k" + i);
Console.WriteLine($"answer {body.Length:N0} B -> stored {sealedAnswer.Length:N0} B ({(double)body.Length / sealedAnswer.Length:F1}x); seal {seal:F1} ms, open+replay {open:F1} ms, derive {sw.Elapsed.TotalMilliseconds / N * 1000:F0} µs");
var raw = body.ToArray();
foreach (var q in new[] { 1, 2, 3, 4, 5, 6 })
{
    var dest = new byte[System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(raw.Length)];
    System.IO.Compression.BrotliEncoder.TryCompress(raw, dest, out var w, q, 22);
    sw.Restart();
    for (var i = 0; i < 10; i++) System.IO.Compression.BrotliEncoder.TryCompress(raw, dest, out w, q, 22);
    Console.WriteLine($"quality {q}: {w:N0} B ({(double)raw.Length / w:F1}x) {sw.Elapsed.TotalMilliseconds / 10:F1} ms");
}
sw.Restart();
for (var i = 0; i < 1000; i++) RecordKeys.Derive("ak_" + new string('x', 43), "k" + i);
Console.WriteLine($"derive warm {sw.Elapsed.TotalMilliseconds:F1} µs");
