// Reads bench/results/results-<name>.tsv and machine-<name>.txt (written by bench/run.sh) and writes
// results-<name>.md for each run, summary.md (the latest run of each data size, untagged runs only)
// and chart.svg (throughput and p99 per scenario and size), with no tool but this code.
//
//   dotnet bench/Report/bin/Release/net10.0/ArticlesApi.Bench.Report.dll bench/results
using System.Globalization;
using System.Text;
using ArticlesApi.Bench.Report;

var folder = args.Length > 0 ? args[0] : "bench/results";
var runs = Directory.GetFiles(folder, "results-*.tsv").Select(Run.Load).OrderBy(r => r.Articles).ThenBy(r => r.Name).ToList();
foreach (var run in runs)
    File.WriteAllText(Path.Combine(folder, $"results-{run.Name}.md"), Markdown.Run(run));
var sizes = runs.Where(r => r.Tag is null).ToList();
File.WriteAllText(Path.Combine(folder, "summary.md"), Markdown.Summary(sizes));
File.WriteAllText(Path.Combine(folder, "chart.svg"), Chart.Svg(sizes));
Console.Error.WriteLine($"report: {runs.Count} run(s) → {folder}/results-*.md, summary.md, chart.svg");

namespace ArticlesApi.Bench.Report
{
    /// ServerCpuMs, DbCpuMs: CPU time per request of the server process and of the database backends
    /// (NaN in runs from before they were recorded, and for pgbench).
    sealed record Measure(string Scenario, string Tool, double Rps, double P50, double P99, long Errors, long Non2xx, long Requests,
        double ServerCpuMs, double DbCpuMs);

    sealed record Run(string Name, int Articles, string? Tag, IReadOnlyList<Measure> Measures, IReadOnlyList<(string Key, string Value)> Machine)
    {
        public static readonly string[] Scenarios =
            ["by-slug", "front", "tag", "deep-cursor", "search-it-common", "search-it-rare", "search-en-common", "search-en-rare", "search-rare-by-date", "authors",
             "feed-rss", "feed-json", "news-sitemap"];

        public static Run Load(string tsv)
        {
            var name = Path.GetFileNameWithoutExtension(tsv)["results-".Length..];
            var dash = name.IndexOf('-');
            var articles = int.Parse(dash < 0 ? name : name[..dash], CultureInfo.InvariantCulture);
            var measures = File.ReadAllLines(tsv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(f => new Measure(
                f[0], f[1], Number(f[2]), Number(f[3]), Number(f[4]), (long)Number(f[5]), (long)Number(f[6]), (long)Number(f[7]),
                f.Length > 9 ? CpuMs(f[9]) : double.NaN, f.Length > 10 ? CpuMs(f[10]) : double.NaN)).ToList();
            var machineFile = Path.Combine(Path.GetDirectoryName(tsv)!, $"machine-{name}.txt");
            var machine = File.Exists(machineFile)
                ? File.ReadAllLines(machineFile).Where(l => l.Contains(':')).Select(l => (l[..l.IndexOf(':')], l[(l.IndexOf(':') + 1)..].Trim())).ToList()
                : [];
            return new Run(name, articles, dash < 0 ? null : name[(dash + 1)..], measures, machine);
        }

        /// A database figure below zero: a backend ended during the measurement (its ticks left the sum).
        static double CpuMs(string s) => Number(s) is var v && v >= 0 ? v : double.NaN;

        static double Number(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

        public Measure? Get(string scenario, string tool) => Measures.FirstOrDefault(m => m.Scenario == scenario && m.Tool == tool);

        public double Ratio(string scenario) =>
            Get(scenario, "api") is { } api && Get(scenario, "raw") is { Rps: > 0 } raw ? api.Rps / raw.Rps : double.NaN;

        public string Size => Articles >= 1_000_000 && Articles % 1_000_000 == 0 ? $"{Articles / 1_000_000}M"
            : Articles >= 1000 && Articles % 1000 == 0 ? $"{Articles / 1000}k" : Articles.ToString(CultureInfo.InvariantCulture);

        public IEnumerable<string> ScenariosRun => Scenarios.Where(s => Measures.Any(m => m.Scenario == s));

        /// The issue's targets, each with its figures; null = not applicable to this run.
        public IEnumerable<(string Target, bool? Met, string Figures)> Targets()
        {
            foreach (var s in ScenariosRun)
            {
                var ratio = Ratio(s);
                if (double.IsNaN(ratio))
                    continue;
                var min = s == "by-slug" ? 0.85 : 0.70;
                yield return ($"{s}: API ÷ raw ≥ {min:0.00}", ratio >= min, $"{ratio:0.00}");
            }
            if (Get("front", "api") is { } page1 && Get("deep-cursor", "api") is { } deep)
            {
                var cost = page1.Rps / deep.Rps;
                yield return ("deep cursor within 1.5× the cost of page 1 (API req/s ratio)", cost <= 1.5,
                    $"{cost:0.00}× (page 1 {page1.Rps:0} req/s, p50 {page1.P50:0.0} ms; deep {deep.Rps:0} req/s, p50 {deep.P50:0.0} ms)");
            }
            foreach (var s in ScenariosRun.Where(s => s.StartsWith("search-")))
                if (Get(s, "api") is { } api)
                    yield return ($"{s}: p99 ≤ 50 ms (target at 1M)", Articles >= 1_000_000 ? api.P99 <= 50 : null, $"{api.P99:0.0} ms");
            var errors = Measures.Sum(m => m.Errors + m.Non2xx);
            yield return ("zero errors and non-2xx answers", errors == 0, $"{errors}");
            // wrk counts neither errors nor timeouts for requests still waiting when the time is up.
            var silent = Measures.Where(m => m.Requests == 0).Select(m => $"{m.Scenario} ({m.Tool})").ToList();
            if (silent.Count > 0)
                yield return ("every scenario completes requests within the run", false, string.Join(", ", silent));
        }
    }

    static class Markdown
    {
        static string N(double v, string format = "0") => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

        static string Mark(bool? met) => met switch { true => "met", false => "**missed**", null => "n/a at this size" };

        public static string Run(Run run)
        {
            var md = new StringBuilder();
            md.AppendLine($"# Read API benchmark: {run.Articles:N0} articles{(run.Tag is null ? "" : $" ({run.Tag})")}").AppendLine();
            md.AppendLine("Written by `bench/run.sh`; figures from one run of each scenario per tool after a warm-up, on loopback, ")
              .AppendLine("wrk/pgbench, API and PostgreSQL sharing the machine's cores. Other engineers build and test on this ")
              .AppendLine("machine at the same time: concurrent load may have affected these figures (load averages below).").AppendLine();
            md.AppendLine(Table(run)).AppendLine();
            md.AppendLine("API÷raw: API req/s divided by the raw endpoint's (same SQL with raw Npgsql, JSON by Utf8JsonWriter). ")
              .AppendLine("pgbench: the same SQL statements per request, prepared, at the same concurrency: transactions/s ")
              .AppendLine("(one transaction = the statements of one request) and their latency. Errors: socket errors + non-2xx answers.").AppendLine();
            if (run.Measures.Any(m => !double.IsNaN(m.ServerCpuMs)))
                md.AppendLine(CpuTable(run)).AppendLine();
            md.AppendLine("## Targets").AppendLine();
            md.AppendLine("| Target | Figure | |").AppendLine("|---|---:|---|");
            foreach (var (target, met, figures) in run.Targets())
                md.AppendLine($"| {target} | {figures} | {Mark(met)} |");
            md.AppendLine().AppendLine("## Machine").AppendLine();
            foreach (var (key, value) in run.Machine)
                md.AppendLine($"- {key}: {value}");
            return md.ToString();
        }

        /// CPU per request: what each side costs, read from /proc during the measurement. Throughput ratios on a
        /// shared machine move with the neighbours' load; these move much less.
        static string CpuTable(Run run)
        {
            var md = new StringBuilder();
            md.AppendLine("CPU time per request (ms), from /proc during each measurement: the server process, and the PostgreSQL ")
              .AppendLine("backends serving it.").AppendLine();
            md.AppendLine("| Scenario | API process | raw process | API ÷ raw process | API's database | raw's database |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var s in run.ScenariosRun)
            {
                var api = run.Get(s, "api");
                var raw = run.Get(s, "raw");
                double apiCpu = api?.ServerCpuMs ?? double.NaN, rawCpu = raw?.ServerCpuMs ?? double.NaN;
                md.AppendLine($"| {s} | {N(apiCpu, "0.000")} | {N(rawCpu, "0.000")} | {N(apiCpu / rawCpu, "0.0")} | " +
                    $"{N(api?.DbCpuMs ?? double.NaN, "0.000")} | {N(raw?.DbCpuMs ?? double.NaN, "0.000")} |");
            }
            return md.ToString().TrimEnd();
        }

        static string Table(Run run)
        {
            var md = new StringBuilder();
            md.AppendLine("| Scenario | API req/s | API p50 ms | API p99 ms | API errors | raw req/s | raw p50 ms | raw p99 ms | API÷raw | pgbench tx/s | pgbench p50 ms | pgbench p99 ms |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var s in run.ScenariosRun)
            {
                var api = run.Get(s, "api");
                var raw = run.Get(s, "raw");
                var pg = run.Get(s, "pgbench");
                md.AppendLine($"| {s} | {N(api?.Rps ?? double.NaN)} | {N(api?.P50 ?? double.NaN, "0.0")} | {N(api?.P99 ?? double.NaN, "0.0")} | " +
                    $"{(api is null ? "–" : (api.Errors + api.Non2xx).ToString(CultureInfo.InvariantCulture))} | {N(raw?.Rps ?? double.NaN)} | " +
                    $"{N(raw?.P50 ?? double.NaN, "0.0")} | {N(raw?.P99 ?? double.NaN, "0.0")} | {N(run.Ratio(s), "0.00")} | " +
                    $"{N(pg?.Rps ?? double.NaN)} | {N(pg?.P50 ?? double.NaN, "0.0")} | {N(pg?.P99 ?? double.NaN, "0.0")} |");
            }
            return md.ToString().TrimEnd();
        }

        public static string Summary(IReadOnlyList<Run> sizes)
        {
            var md = new StringBuilder();
            md.AppendLine("# Read API benchmark: summary").AppendLine();
            if (sizes.Count == 0)
                return md.AppendLine("No runs yet: `bench/run.sh --articles 100000`.").ToString();
            md.AppendLine("The latest run of each data size (`bench/run.sh --articles N`); details, pgbench figures and targets in ")
              .AppendLine(string.Join(", ", sizes.Select(r => $"[results-{r.Name}.md](results-{r.Name}.md)")) + ".").AppendLine();
            md.AppendLine("![Throughput and p99 per scenario and size](chart.svg)").AppendLine();
            md.Append("| Scenario |");
            foreach (var r in sizes)
                md.Append($" {r.Size} API req/s | {r.Size} p99 ms | {r.Size} API÷raw | {r.Size} pgbench tx/s |");
            md.AppendLine().Append("|---|").AppendLine(string.Concat(Enumerable.Repeat("---:|---:|---:|---:|", sizes.Count)));
            foreach (var s in Report.Run.Scenarios.Where(s => sizes.Any(r => r.Get(s, "api") is not null)))
            {
                md.Append($"| {s} |");
                foreach (var r in sizes)
                    md.Append($" {N(r.Get(s, "api")?.Rps ?? double.NaN)} | {N(r.Get(s, "api")?.P99 ?? double.NaN, "0.0")} | {N(r.Ratio(s), "0.00")} | {N(r.Get(s, "pgbench")?.Rps ?? double.NaN)} |");
                md.AppendLine();
            }
            md.AppendLine().AppendLine("Targets missed (details in each run's file):").AppendLine();
            var missed = sizes.SelectMany(r => r.Targets().Where(t => t.Met == false).Select(t => $"- {r.Size}: {t.Target} — {t.Figures}")).ToList();
            md.AppendLine(missed.Count == 0 ? "- none" : string.Join('\n', missed)).AppendLine();
            var latest = sizes[^1];
            md.AppendLine($"Machine ({latest.Size} run): " + string.Join("; ", latest.Machine
                .Where(m => m.Key is "nproc" or "cpu" or "ram" or "os" or "postgresql" or "dotnet" or "load average before" or "date")
                .Select(m => $"{m.Key} {m.Value}")) + ". Other engineers use this machine at the same time: figures are noisy.");
            return md.ToString();
        }
    }

    /// Two panels of grouped bars on logarithmic axes: API req/s (raw endpoint as a tick) and API p99.
    static class Chart
    {
        static readonly string[] Colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"];
        const int Width = 1100, PanelHeight = 260, Left = 70, Right = 20, Top = 50, Gap = 70, Bottom = 110;

        public static string Svg(IReadOnlyList<Run> sizes)
        {
            var scenarios = Run.Scenarios.Where(s => sizes.Any(r => r.Get(s, "api") is not null)).ToList();
            var height = Top + 2 * PanelHeight + Gap + Bottom;
            var svg = new StringBuilder();
            svg.AppendLine($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="sans-serif" font-size="12">""");
            svg.AppendLine($"""<rect width="{Width}" height="{height}" fill="white"/>""");
            svg.AppendLine($"""<text x="{Left}" y="22" font-size="16" font-weight="bold">ArticlesApi read benchmark: wrk -c32 on loopback, 2 shared cores</text>""");
            if (scenarios.Count == 0)
                return svg.AppendLine("</svg>").ToString();
            Panel(svg, sizes, scenarios, Top, "API throughput, req/s (black tick: raw endpoint)", m => m.Rps, withRaw: true);
            Panel(svg, sizes, scenarios, Top + PanelHeight + Gap, "API p99 latency, ms (lower is better)", m => m.P99, withRaw: false);
            var x = Left;
            for (var i = 0; i < sizes.Count; i++)
            {
                svg.AppendLine($"""<rect x="{x}" y="{height - 22}" width="12" height="12" fill="{Colors[i % Colors.Length]}"/><text x="{x + 16}" y="{height - 12}">{sizes[i].Size} articles</text>""");
                x += 120;
            }
            return svg.AppendLine("</svg>").ToString();
        }

        static void Panel(StringBuilder svg, IReadOnlyList<Run> sizes, List<string> scenarios, int top, string title, Func<Measure, double> value, bool withRaw)
        {
            var values = sizes.SelectMany(r => r.Measures.Where(m => m.Tool == "api" || (withRaw && m.Tool == "raw")).Select(value)).Where(v => v > 0).ToList();
            var lo = Math.Pow(10, Math.Floor(Math.Log10(values.Count == 0 ? 1 : values.Min())));
            var hi = Math.Pow(10, Math.Ceiling(Math.Log10(values.Count == 0 ? 10 : values.Max())));
            if (hi <= lo) hi = lo * 10;
            double Y(double v) => top + PanelHeight - (Math.Log10(Math.Max(v, lo)) - Math.Log10(lo)) / (Math.Log10(hi) - Math.Log10(lo)) * PanelHeight;
            string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

            svg.AppendLine($"""<text x="{Left}" y="{top - 10}" font-size="13" font-weight="bold">{title}</text>""");
            for (var d = lo; d <= hi * 1.0001; d *= 10)
            {
                svg.AppendLine($"""<line x1="{Left}" x2="{Width - Right}" y1="{F(Y(d))}" y2="{F(Y(d))}" stroke="#ddd"/>""");
                svg.AppendLine($"""<text x="{Left - 6}" y="{F(Y(d) + 4)}" text-anchor="end">{d.ToString("#,0.###", CultureInfo.InvariantCulture)}</text>""");
            }
            var groupWidth = (double)(Width - Left - Right) / scenarios.Count;
            var barWidth = Math.Min(26, (groupWidth - 12) / Math.Max(1, sizes.Count));
            for (var g = 0; g < scenarios.Count; g++)
            {
                var x0 = Left + g * groupWidth + (groupWidth - barWidth * sizes.Count) / 2;
                for (var i = 0; i < sizes.Count; i++)
                {
                    if (sizes[i].Get(scenarios[g], "api") is not { } m || !(value(m) > 0))
                        continue;
                    var x = x0 + i * barWidth;
                    var y = Y(value(m));
                    svg.AppendLine($"""<rect x="{F(x)}" y="{F(y)}" width="{F(barWidth - 2)}" height="{F(top + PanelHeight - y)}" fill="{Colors[i % Colors.Length]}"><title>{scenarios[g]}, {sizes[i].Size}: {F(value(m))}</title></rect>""");
                    if (withRaw && sizes[i].Get(scenarios[g], "raw") is { } raw && value(raw) > 0)
                        svg.AppendLine($"""<line x1="{F(x - 1)}" x2="{F(x + barWidth - 1)}" y1="{F(Y(value(raw)))}" y2="{F(Y(value(raw)))}" stroke="black" stroke-width="2"><title>raw {scenarios[g]}, {sizes[i].Size}: {F(value(raw))}</title></line>""");
                }
                var cx = Left + g * groupWidth + groupWidth / 2;
                var ly = top + PanelHeight + 12;
                svg.AppendLine($"""<text x="{F(cx)}" y="{ly}" text-anchor="end" transform="rotate(-30 {F(cx)} {ly})">{scenarios[g]}</text>""");
            }
            svg.AppendLine($"""<line x1="{Left}" x2="{Width - Right}" y1="{top + PanelHeight}" y2="{top + PanelHeight}" stroke="#333"/>""");
        }
    }
}
