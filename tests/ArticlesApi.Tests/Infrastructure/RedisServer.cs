using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace ArticlesApi.Tests.Infrastructure;

/// A real redis-server for the tests (Debian's redis-server, installed by scripts/redis-tools.sh) on a free
/// loopback port, without persistence, in a temporary directory. Stop and Start kill and start it again on the
/// same port (an outage and a recovery). Stopped and its files removed on dispose.
public sealed class RedisServer : IAsyncLifetime
{
    readonly string _directory = Directory.CreateTempSubdirectory("redis-tests-").FullName;
    readonly StringBuilder _output = new();
    Process? _process;

    public int Port { get; } = FreePort();

    /// Redis:Configuration for the API.
    public string Configuration => $"127.0.0.1:{Port}";

    public bool Running => _process is { HasExited: false };

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask InitializeAsync() => new(StartAsync());

    public async Task StartAsync()
    {
        const string binary = "/usr/bin/redis-server";
        if (!File.Exists(binary))
            throw new InvalidOperationException($"{binary} is missing: run scripts/redis-tools.sh (scripts/test.sh does).");
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory,
                "--daemonize", "no", "--protected-mode", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, e) => Received(e.Data, ready);
        _process.ErrorDataReceived += (_, e) => Received(e.Data, ready);
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"redis-server exited:\n{Output}"));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"redis-server did not get ready within 30 s:\n{Output}");
        }
    }

    /// Kills the server (SIGKILL: no goodbye to its clients, as a crash or a lost machine).
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    /// SIGSTOP / SIGCONT: a Redis that hangs with its connections open (a stalled machine, a full network buffer).
    public Task PauseAsync() => SignalAsync("STOP");

    public Task ResumeAsync() => SignalAsync("CONT");

    async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {_process!.Id}");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -{signal} failed");
    }

    /// Empties the server (each test starts with no rate-limit windows).
    public async Task FlushAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Configuration + ",allowAdmin=true");
        await connection.GetServer(Configuration).FlushAllDatabasesAsync();
    }

    string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    void Received(string? line, TaskCompletionSource ready)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            ready.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
