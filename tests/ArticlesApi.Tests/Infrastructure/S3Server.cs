using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;

namespace ArticlesApi.Tests.Infrastructure;

/// A real S3-compatible server for the tests: npm's s3rver (pinned in tests/client/package.json, installed by
/// scripts/client-tools.sh) on a free loopback port, over a temporary directory, with one bucket. Node comes from
/// PATH (scripts/test.sh puts the Node that client-tools.sh fetched first). Stopped and its files removed on dispose.
public sealed partial class S3Server : IAsyncLifetime
{
    /// s3rver's built-in credentials (it checks signatures against them).
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string Bucket = "media";

    readonly string _directory = Directory.CreateTempSubdirectory("s3rver-").FullName;
    readonly StringBuilder _output = new();
    Process? _process;

    public Uri ServiceUrl { get; private set; } = null!;

    /// Where readers fetch objects: the bucket's path-style URL (s3rver serves GETs without a signature).
    public string PublicBaseUrl => $"{ServiceUrl.ToString().TrimEnd('/')}/{Bucket}";

    /// The settings that point the API's media storage at this server.
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Media:Storage"] = "s3",
        ["Media:S3:ServiceUrl"] = ServiceUrl.ToString(),
        ["Media:S3:Bucket"] = Bucket,
        ["Media:S3:AccessKey"] = AccessKey,
        ["Media:S3:SecretKey"] = SecretKey,
        ["Media:S3:PublicBaseUrl"] = PublicBaseUrl,
    };

    /// A client of its own, to look at the bucket the way an operator would (HEAD, list).
    public AmazonS3Client Client() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// Every key in the bucket.
    public async Task<IReadOnlyList<string>> KeysAsync(string prefix = "")
    {
        using var client = Client();
        var listed = await client.ListObjectsV2Async(new() { BucketName = Bucket, Prefix = prefix }, TestContext.Current.CancellationToken);
        return (listed.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public async ValueTask InitializeAsync()
    {
        var script = Path.Combine(Tools.ClientDirectory, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"{script} is missing: run scripts/client-tools.sh (scripts/test.sh does), or `npm ci` in tests/client.");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script, "--directory", _directory, "--address", "127.0.0.1", "--port", "0", "--silent", "--configure-bucket", Bucket },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) => Received(e.Data, listening);
        _process.ErrorDataReceived += (_, e) => Received(e.Data, listening);
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"s3rver exited:\n{Output}"));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            var port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            ServiceUrl = new Uri($"http://127.0.0.1:{port}/");
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"s3rver did not say where it listens within 60 s:\n{Output}");
        }
    }

    string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    void Received(string? line, TaskCompletionSource<int> listening)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (Listening().Match(line) is { Success: true } match)
            listening.TrySetResult(int.Parse(match.Groups[1].Value));
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
