using System.Net;
using System.Security.Cryptography;
using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Storage;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Media.Storage;

/// What every media storage does, run against each (FileSystemStorageTests, S3StorageTests): the bytes come back as they
/// went in, readers get them at the public URL with their type and immutable caching, deletes are idempotent, a missing
/// key reads as null, and files in different folders are kept apart.
public abstract class MediaStorageContract<TApi>(TApi api) where TApi : ApiFactory
{
    protected TApi Api => api;

    protected IMediaStorage Storage => api.Services.GetRequiredService<IMediaStorage>();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// What a reader's GET of a public URL answers.
    protected abstract Task<HttpResponseMessage> FetchAsync(string publicUrl);

    /// The public URL the storage must give a key.
    protected abstract string ExpectedPublicUrl(string key);

    protected static string NewKey(string file = "w640.webp") =>
        MediaKeys.For(MediaKeys.Prefix(Guid.NewGuid(), new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc)), file);

    protected static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// The stored file's length and SHA-256 (short failure messages where whole byte arrays would not be).
    protected async Task<string?> ReadAsync(string key)
    {
        await using var stream = await Storage.OpenReadAsync(key, Ct);
        if (stream is null)
            return null;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return Fingerprint(copy.ToArray());
    }

    protected static string Fingerprint(byte[] bytes) => $"{bytes.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))}";

    protected async Task PutAsync(string key, byte[] bytes, string contentType = "image/webp")
    {
        using var content = new MemoryStream(bytes);
        await Storage.PutAsync(key, content, contentType, Ct);
    }

    [Fact]
    public async Task Put_Then_Read_Returns_The_Same_Bytes()
    {
        var key = NewKey();
        var bytes = RandomBytes(3 * 1024 * 1024 + 17);

        await PutAsync(key, bytes);

        (await ReadAsync(key)).ShouldBe(Fingerprint(bytes));
    }

    [Theory]
    [InlineData("w640.webp", "image/webp")]
    [InlineData("original.jpg", "image/jpeg")]
    [InlineData("w320.png", "image/png")]
    public async Task Public_Url_Serves_The_File_With_Its_Content_Type_And_Immutable_Caching(string file, string contentType)
    {
        var key = NewKey(file);
        var bytes = RandomBytes(40_000);
        await PutAsync(key, bytes, contentType);

        using var response = await FetchAsync(Storage.PublicUrl(key));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Fingerprint(await response.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(Fingerprint(bytes));
        (response.Content.Headers.ContentType?.MediaType).ShouldBe(contentType);
        (response.Headers.CacheControl?.ToString()).ShouldBe(MediaFiles.CacheControl);
    }

    [Fact]
    public void Public_Url_Is_The_Base_Followed_By_The_Key()
    {
        var key = NewKey();

        Storage.PublicUrl(key).ShouldBe(ExpectedPublicUrl(key));
    }

    [Fact]
    public async Task Delete_Removes_The_File_And_Deleting_Again_Succeeds()
    {
        var key = NewKey();
        await PutAsync(key, RandomBytes(1000));

        await Storage.DeleteAsync(key, Ct);
        await Storage.DeleteAsync(key, Ct);

        (await ReadAsync(key)).ShouldBeNull();
        using var response = await FetchAsync(Storage.PublicUrl(key));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_A_Key_That_Never_Existed_Succeeds()
    {
        await Should.NotThrowAsync(() => Storage.DeleteAsync(NewKey(), Ct));
    }

    [Fact]
    public async Task Missing_Key_Reads_As_Null()
    {
        (await ReadAsync(NewKey())).ShouldBeNull();
    }

    [Fact]
    public async Task Files_In_Different_Folders_Are_Kept_Apart()
    {
        var first = NewKey("w320.webp");
        var sameFolder = first.Replace("w320.webp", "w640.webp");
        var otherFolder = NewKey("w320.webp");
        byte[] a = RandomBytes(500), b = RandomBytes(600), c = RandomBytes(700);
        await PutAsync(first, a);
        await PutAsync(sameFolder, b);
        await PutAsync(otherFolder, c);

        await Storage.DeleteAsync(first, Ct);

        (await ReadAsync(first)).ShouldBeNull();
        (await ReadAsync(sameFolder)).ShouldBe(Fingerprint(b));
        (await ReadAsync(otherFolder)).ShouldBe(Fingerprint(c));
    }
}

/// The contract against the filesystem storage, served by the API under /media.
public sealed class FileSystemStorageTests(ApiFactory api) : MediaStorageContract<ApiFactory>(api), IClassFixture<ApiFactory>
{
    // Without Api:PublicUrl the API's own URLs are relative to the request's host.
    protected override string ExpectedPublicUrl(string key) => $"{ApiFactory.MediaBaseUrl}/{key}";

    protected override Task<HttpResponseMessage> FetchAsync(string publicUrl) => Api.CreateDefaultClient().GetAsync(publicUrl, Ct);
}
