using System.Diagnostics;
using System.Text;

namespace ArticlesApi.Tests.Infrastructure;

/// Processes outside .NET (node, npx) that the tests run, with a timeout, failing with their output.
public static class Tools
{
    /// The repository root (where ArticlesApi.sln is).
    public static string Root { get; } = FindRoot();

    public static string ClientDirectory => Path.Combine(Root, "tests", "client");

    public static string Artifacts
    {
        get
        {
            var path = Path.Combine(Root, ".artifacts");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// Runs a program from tests/client/node_modules/.bin (or node itself) and returns its output;
    /// fails the test when it exits with anything but 0 or outlives the timeout.
    public static async Task<string> RunAsync(string program, string arguments, IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        if (!Directory.Exists(Path.Combine(ClientDirectory, "node_modules")))
            throw new InvalidOperationException($"{ClientDirectory}/node_modules is missing: run `npm ci` there (scripts/test.sh does).");
        var local = Path.Combine(ClientDirectory, "node_modules", ".bin", program);
        var start = new ProcessStartInfo(File.Exists(local) ? local : program, arguments)
        {
            WorkingDirectory = ClientDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await Task.WhenAll(stdout, stderr);
            throw new TimeoutException($"`{program} {arguments}` did not finish in time:\n{output}");
        }
        await Task.WhenAll(stdout, stderr);
        if (process.ExitCode != 0)
            throw new ShouldAssertException($"`{program} {arguments}` exited with {process.ExitCode}:\n{output}");
        return output.ToString();
    }

    static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
            lock (output)
                output.AppendLine(line);
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ArticlesApi.sln")))
                return dir.FullName;
        throw new InvalidOperationException("ArticlesApi.sln not found above " + AppContext.BaseDirectory);
    }
}
