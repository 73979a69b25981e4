using System.Net;
using System.Text.Json;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArticlesApi.Tests.Features.Media.Storage;

/// /health/ready reports the media storage as `checks.media`: Healthy when it takes uploads, Degraded (still 200, so
/// a load balancer keeps the instance: reads do not need the storage) when it cannot.
static class MediaHealth
{
    public static async Task<JsonElement> ReadyAsync(HttpClient client)
    {
        var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var text = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// Degraded as a whole and for the media check, with a description saying what failed; reads still answer 200.
    public static async Task ShouldBeDegradedAsync<TApi>(WebApplicationFactory<TApi> host, string reason) where TApi : class
    {
        var report = await ReadyAsync(host.CreateClient());

        report.GetProperty("status").GetString().ShouldBe("Degraded", report.GetRawText());
        report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
        var media = report.GetProperty("checks").GetProperty("media");
        media.GetProperty("status").GetString().ShouldBe("Degraded");
        media.GetProperty("description").GetString()!.ShouldContain(reason, customMessage: report.GetRawText());
        media.GetProperty("description").GetString()!.ShouldContain("reads and stored files are not affected");
        (await host.CreateClient().GetAsync("/api/v1/articles", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public static async Task ShouldBeHealthyAsync(HttpClient client)
    {
        var report = await ReadyAsync(client);
        report.GetProperty("status").GetString().ShouldBe("Healthy", report.GetRawText());
        report.GetProperty("checks").GetProperty("media").GetProperty("status").GetString().ShouldBe("Healthy");
    }
}

public sealed class FileSystemStorageHealthTests(MediaApi api) : IClassFixture<MediaApi>
{
    [Fact]
    public Task Ready_Reports_A_Writable_Media_Directory_As_Healthy() => MediaHealth.ShouldBeHealthyAsync(api.CreateClient());

    [Fact]
    public async Task Ready_Is_Degraded_But_200_When_The_Media_Directory_Is_Read_Only_And_Uploads_Answer_503()
    {
        var directory = Directory.CreateTempSubdirectory("articles-media-readonly-").FullName;
        // Root writes through file modes: the immutable attribute stops it too.
        var root = (await Tools.RunAsync("id", "-u")).Trim() == "0";
        await Tools.RunAsync("chmod", $"555 {directory}");
        if (root)
            await Tools.RunAsync("chattr", $"+i {directory}");
        try
        {
            using var host = api.WithWebHostBuilder(b => b.UseSetting("Media:Path", directory));

            await MediaHealth.ShouldBeDegradedAsync(host, "is not writable (Media:Path)");

            var editor = await api.EditorAsync();
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = editor.Client.DefaultRequestHeaders.Authorization;
            (await (await client.UploadAsync(TestImages.Of("png"))).ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable"))
                .ShouldNotBe(default);
        }
        finally
        {
            if (root)
                await Tools.RunAsync("chattr", $"-i {directory}");
            await Tools.RunAsync("chmod", $"755 {directory}");
            Directory.Delete(directory, recursive: true);
        }
    }
}

public sealed class S3StorageHealthTests(S3MediaApi api) : IClassFixture<S3MediaApi>
{
    /// The SDK's first request in a new host (JIT, endpoint rules) can pass the 2 s default on the shared test machine:
    /// these hosts wait longer, so the answer is the storage's, not the clock's.
    const string Patient = "30";

    [Fact]
    public async Task Ready_Reports_A_Reachable_Bucket_As_Healthy()
    {
        using var host = api.WithWebHostBuilder(b => b.UseSetting("Media:HealthCheckSeconds", Patient));

        await MediaHealth.ShouldBeHealthyAsync(host.CreateClient());
    }

    [Fact]
    public async Task Ready_Is_Degraded_But_200_When_The_Bucket_Is_Missing()
    {
        using var host = api.WithWebHostBuilder(b =>
        {
            b.UseSetting("Media:S3:Bucket", "no-such-bucket");
            b.UseSetting("Media:HealthCheckSeconds", Patient);
        });

        await MediaHealth.ShouldBeDegradedAsync(host, "has no such bucket (Media:S3:Bucket)");
    }

    [Fact]
    public async Task Ready_Is_Degraded_But_200_When_The_S3_Server_Is_Stopped()
    {
        var stopped = new S3Server();
        await stopped.InitializeAsync();
        await stopped.DisposeAsync();
        using var host = api.WithWebHostBuilder(b =>
        {
            b.UseSetting("Media:S3:ServiceUrl", stopped.ServiceUrl.ToString());
            b.UseSetting("Media:HealthCheckSeconds", Patient);
        });

        await MediaHealth.ShouldBeDegradedAsync(host, "is unreachable");
    }
}
