// The limiter's own cost per decision, in this process: the local window (WindowLimiter.AttemptAcquire) against the
// shared one (SharedWindows' Lua script over StackExchange.Redis, one EVALSHA round trip), as CPU time of this
// process per decision and the round trip's wall-clock median / p99, sequentially and with 16 callers at once.
// Usage: dotnet run -c Release -- REDIS_PORT [decisions]
using System.Diagnostics;
using ArticlesApi.Infrastructure.RateLimiting;
using StackExchange.Redis;

var port = int.Parse(args[0]);
var n = args.Length > 1 ? int.Parse(args[1]) : 20000;
var script = (string)typeof(WindowLimiter).Assembly.GetType("ArticlesApi.Infrastructure.RateLimiting.SharedWindows")!
    .GetField("Script", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetRawConstantValue()!;
var process = Process.GetCurrentProcess();

async Task<double> CpuMicros(Func<Task> run, int count)
{
    process.Refresh();
    var before = process.TotalProcessorTime;
    await run();
    process.Refresh();
    return (process.TotalProcessorTime - before).TotalMicroseconds / count;
}

var local = new WindowLimiter(int.MaxValue, TimeSpan.FromMinutes(1), TimeProvider.System, _ => { });
for (var i = 0; i < n; i++) local.AttemptAcquire(1).Dispose();
var localCpu = await CpuMicros(() => { for (var i = 0; i < n; i++) local.AttemptAcquire(1).Dispose(); return Task.CompletedTask; }, n);
Console.WriteLine($"local window: {localCpu:0.00} µs CPU per decision ({n} decisions)");

await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port}");
var db = redis.GetDatabase();
RedisKey[] keys = ["articles:rate:bench:127.0.0.1"];
RedisValue[] values = [int.MaxValue, 1, 60000];
for (var i = 0; i < 2000; i++) await db.ScriptEvaluateAsync(script, keys, values);

var latencies = new double[n];
var sequentialCpu = await CpuMicros(async () =>
{
    for (var i = 0; i < n; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await db.ScriptEvaluateAsync(script, keys, values);
        latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
}, n);
Array.Sort(latencies);
Console.WriteLine($"redis window, 1 caller: {sequentialCpu:0.00} µs CPU per decision in the API process; round trip median {latencies[n / 2]:0} µs, p99 {latencies[n * 99 / 100]:0} µs");

const int callers = 16;
var parallelCpu = await CpuMicros(() => Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
{
    for (var i = 0; i < n / callers; i++)
        await db.ScriptEvaluateAsync(script, keys, values);
}))), n / callers * callers);
Console.WriteLine($"redis window, {callers} callers: {parallelCpu:0.00} µs CPU per decision in the API process (pipelined on one connection)");
