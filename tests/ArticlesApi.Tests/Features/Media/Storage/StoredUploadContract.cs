using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Features.Media;
using ArticlesApi.Tests.Features.Media.Processing;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Media.Storage;

/// Uploads through the API end to end, whichever storage holds the files (FileSystemUploadTests, S3UploadTests): every
/// URL of the answer serves its file to a reader with its type and immutable caching and without any of the source's
/// metadata; DELETE removes every stored file; a failed processing stores nothing.
public abstract class StoredUploadContract<TApi>(TApi api) : IDisposable where TApi : ApiFactory
{
    readonly SamplePhotos _photos = new();

    protected TApi Api => api;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// What a reader's GET of a URL the API gave answers.
    protected abstract Task<HttpResponseMessage> FetchAsync(string url);

    /// Every file the storage holds.
    protected abstract Task<IReadOnlyList<string>> StoredFilesAsync();

    async Task<HttpResponseMessage> UploadAsync(string path) =>
        await (await api.CallerAsync(Role.Contributor)).Client.UploadAsync(await File.ReadAllBytesAsync(path, Ct), fileName: Path.GetFileName(path));

    async Task<JsonElement> UploadPhotoAsync()
    {
        var path = _photos.SavePhoto("source.jpg", 1000, 700);
        _photos.AddSourceMetadata(path);
        using var response = await UploadAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    static List<(string Url, string ContentType)> Files(JsonElement media) =>
    [
        (media.GetProperty("url").GetString()!, media.GetProperty("contentType").GetString()!),
        .. media.GetProperty("renditions").EnumerateArray()
            .Select(r => (r.GetProperty("url").GetString()!, r.GetProperty("format").GetString() == "webp" ? "image/webp" : "image/jpeg")),
    ];

    [Fact]
    public async Task Upload_Serves_The_Original_And_Every_Rendition_From_The_Storage_Without_Metadata()
    {
        var before = await StoredFilesAsync();

        var media = await UploadPhotoAsync();

        var files = Files(media);
        files.Count.ShouldBeGreaterThan(4, "960 px wide: 320, 640 and 960 in WebP and JPEG, and the original");
        (await StoredFilesAsync()).Count.ShouldBe(before.Count + files.Count);
        foreach (var (url, contentType) in files)
        {
            using var response = await FetchAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            (response.Content.Headers.ContentType?.MediaType).ShouldBe(contentType, url);
            (response.Headers.CacheControl?.ToString()).ShouldBe(MediaFiles.CacheControl, url);
            var downloaded = _photos.PathFor($"downloaded-{Guid.NewGuid():N}{(contentType == "image/webp" ? ".webp" : ".jpg")}");
            await File.WriteAllBytesAsync(downloaded, await response.Content.ReadAsByteArrayAsync(Ct), Ct);
            ImageProcessorTests.Leaks(SamplePhotos.ReadMetadata(downloaded)).ShouldBeEmpty($"{url} keeps metadata");
        }
    }

    [Fact]
    public async Task Delete_Removes_Every_Stored_File()
    {
        var before = await StoredFilesAsync();
        var media = await UploadPhotoAsync();
        var admin = await api.AdminAsync();

        using var deleted = await admin.Client.DeleteAsync($"/api/v1/media/{media.GetProperty("id").GetGuid()}", "*");

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StoredFilesAsync()).ShouldBe(before, ignoreOrder: true);
        foreach (var (url, _) in Files(media))
        {
            using var response = await FetchAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
        }
    }

    [Fact]
    public async Task Upload_Whose_Processing_Fails_Stores_Nothing()
    {
        var before = await StoredFilesAsync();
        var truncated = _photos.Truncated(_photos.SavePhoto("whole.jpg", 900, 600), 0.4);

        using var response = await UploadAsync(truncated);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await StoredFilesAsync()).ShouldBe(before, ignoreOrder: true);
    }

    public void Dispose()
    {
        _photos.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class FileSystemUploadTests(ApiFactory api) : StoredUploadContract<ApiFactory>(api), IClassFixture<ApiFactory>
{
    protected override Task<HttpResponseMessage> FetchAsync(string url) => Api.CreateDefaultClient().GetAsync(url, Ct);

    protected override Task<IReadOnlyList<string>> StoredFilesAsync() => Task.FromResult<IReadOnlyList<string>>(Directory.Exists(Api.MediaPath)
        ? Directory.EnumerateFiles(Api.MediaPath, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Api.MediaPath, f)).ToList()
        : []);
}

public sealed class S3UploadTests(S3MediaApi api) : StoredUploadContract<S3MediaApi>(api), IClassFixture<S3MediaApi>
{
    static readonly HttpClient Reader = new();

    protected override Task<HttpResponseMessage> FetchAsync(string url) => Reader.GetAsync(url, Ct);

    protected override Task<IReadOnlyList<string>> StoredFilesAsync() => Api.S3.KeysAsync();

    /// A storage that refuses (here a bucket that does not exist; an unreachable service or bad credentials alike):
    /// 503 `storage-unavailable`, no row, nothing stored, never 500.
    [Fact]
    public async Task An_Upload_The_Storage_Refuses_Answers_503_And_Leaves_Nothing()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("Media:S3:Bucket", "no-such-bucket"));
        var contributor = await Api.CallerAsync(Role.Contributor);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", contributor.Secret);
        var before = await StoredFilesAsync();

        var response = await client.UploadAsync(TestImages.Of("png"));

        await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        response.Headers.RetryAfter.ShouldNotBeNull();
        (await StoredFilesAsync()).ShouldBe(before);
        await using var db = Api.Database.CreateContext();
        db.Media.Count(m => m.UploadedByKeyId == contributor.KeyId).ShouldBe(0);
    }
}
