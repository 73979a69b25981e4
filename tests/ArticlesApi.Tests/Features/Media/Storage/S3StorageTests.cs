using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Storage;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ArticlesApi.Tests.Features.Media.Storage;

/// The contract against a bucket of a real S3-compatible server (s3rver), plus what only S3 has: the object's stored
/// headers, uploads from streams that cannot seek, URL-encoded keys, and the start-up check of the settings.
public sealed class S3StorageTests(S3MediaApi api) : MediaStorageContract<S3MediaApi>(api), IClassFixture<S3MediaApi>
{
    static readonly HttpClient Reader = new();

    protected override string ExpectedPublicUrl(string key) => $"{Api.S3.PublicBaseUrl}/{key}";

    protected override Task<HttpResponseMessage> FetchAsync(string publicUrl) => Reader.GetAsync(publicUrl, Ct);

    [Fact]
    public void The_S3_Storage_Is_The_One_Configured()
    {
        Storage.ShouldBeOfType<S3MediaStorage>();
    }

    [Fact]
    public async Task Stored_Object_Carries_Its_Content_Type_And_Immutable_Cache_Control()
    {
        var key = NewKey("original.jpg");
        await PutAsync(key, RandomBytes(2000), "image/jpeg");

        using var client = Api.S3.Client();
        var head = await client.GetObjectMetadataAsync(S3Server.Bucket, key, Ct);

        head.Headers.ContentType.ShouldBe("image/jpeg");
        head.Headers.CacheControl.ShouldBe(MediaFiles.CacheControl);
        head.Headers.ContentLength.ShouldBe(2000);
    }

    [Fact]
    public async Task Put_Accepts_A_Stream_That_Cannot_Seek()
    {
        var key = NewKey();
        var bytes = RandomBytes(1024 * 1024 + 3);

        await using (var content = new ForwardOnlyStream(bytes))
            await Storage.PutAsync(key, content, "image/webp", Ct);

        (await ReadAsync(key)).ShouldBe(Fingerprint(bytes));
    }

    [Fact]
    public void Public_Url_Encodes_Each_Segment_Of_The_Key()
    {
        Storage.PublicUrl("2026/12/a b+c/ä.webp").ShouldBe($"{Api.S3.PublicBaseUrl}/2026/12/a%20b%2Bc/%C3%A4.webp");
    }

    [Theory]
    [InlineData("ServiceUrl")]
    [InlineData("Bucket")]
    [InlineData("AccessKey")]
    [InlineData("SecretKey")]
    public void Start_Up_Without_A_Setting_Fails_Naming_It_And_Never_Shows_The_Secret(string setting)
    {
        const string secret = "never-shown-4f1c9e2a";
        using var host = Api.WithWebHostBuilder(b =>
        {
            b.UseSetting("Media:S3:SecretKey", secret);
            b.UseSetting($"Media:S3:{setting}", "");
        });

        var failure = Should.Throw<Exception>(() => host.CreateDefaultClient());

        failure.ToString().ShouldContain($"Media:S3:{setting} is required when Media:Storage is 's3'");
        failure.ToString().ShouldNotContain(secret);
    }

    [Fact]
    public void Start_Up_With_An_Unknown_Storage_Fails_Naming_The_Setting()
    {
        using var host = Api.WithWebHostBuilder(b => b.UseSetting("Media:Storage", "ftp"));

        Should.Throw<Exception>(() => host.CreateDefaultClient()).ToString().ShouldContain("Media:Storage must be 'filesystem' or 's3', not 'ftp'");
    }

    /// A body as a network stream gives it: read once, front to back, length unknown.
    sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
