using System.Net;
using System.Text.Json;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Decoding = ArticlesApi.Tests.Infrastructure.Contract.ContentCoding;

namespace ArticlesApi.Tests.Features.Foundation;

/// Answers in the coding Accept-Encoding asks for (Brotli, gzip, identity), each coding a representation of
/// its own ETag (RFC 9110 §8.8.3) that If-None-Match and If-Match accept; a new key's answer never compressed.
/// On a fake clock, so a cached answer lives as long as the test.
public sealed class ContentCodingTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    sealed record Answer(HttpResponseMessage Response, byte[] Raw, byte[] Decoded, int Sql)
    {
        public string? Coding => Response.Content.Headers.ContentEncoding.SingleOrDefault();
        public string ETag => Response.ETag();
        public string Vary => string.Join(", ", Response.Headers.Vary);
    }

    async Task<Answer> SendAsync(HttpMethod method, string url, string? acceptEncoding, HttpClient? client = null,
        string? ifNoneMatch = null)
    {
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add(SqlCommandCounter.Header, id);
        if (acceptEncoding is not null)
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        if (ifNoneMatch is not null)
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        var response = await (client ?? api.CreateClient()).SendAsync(request, _ct);
        var raw = await response.Content.ReadAsByteArrayAsync(_ct);
        return new Answer(response, raw, await Decoding.DecodedAsync(response, _ct),
            api.Services.GetRequiredService<SqlCommandCounter>().CountFor(id));
    }

    Task<Answer> GetAsync(string url, string? acceptEncoding, HttpClient? client = null, string? ifNoneMatch = null) =>
        SendAsync(HttpMethod.Get, url, acceptEncoding, client, ifNoneMatch);

    /// A published article: its answer is several kilobytes, well above ContentCodings.MinimumBytes.
    async Task<(Caller Editor, string Url)> PublishedAsync()
    {
        var editor = await api.EditorAsync();
        var (_, _, url) = await editor.CreateArticleAsync();
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (editor, url);
    }

    static string InCoding(string etag, string coding) => $"{etag[..^1]}-{coding}\"";

    [Fact]
    public async Task Brotli_And_Gzip_Answers_Decode_To_The_Identity_Bytes_With_Their_Own_ETags()
    {
        var (editor, url) = await PublishedAsync();
        // Anonymous reads (the response cache) and reads with a key (computed every time).
        foreach (var client in new[] { api.CreateClient(), editor.Client })
        {
            var identity = await GetAsync(url, null, client);
            var brotli = await GetAsync(url, "gzip, deflate, br", client);
            var gzip = await GetAsync(url, "gzip", client);

            identity.Coding.ShouldBeNull();
            identity.Raw.Length.ShouldBeGreaterThan(ContentCodings.MinimumBytes);
            brotli.Coding.ShouldBe("br");
            gzip.Coding.ShouldBe("gzip");
            foreach (var encoded in new[] { brotli, gzip })
            {
                encoded.Decoded.ShouldBe(identity.Raw);
                encoded.Raw.Length.ShouldBeLessThan(identity.Raw.Length / 2);
                encoded.Response.Content.Headers.ContentLength.ShouldBe(encoded.Raw.Length);
                encoded.ETag.ShouldBe(InCoding(identity.ETag, encoded.Coding!));
            }
            foreach (var answer in new[] { identity, brotli, gzip })
                answer.Vary.ShouldBe("Authorization, Accept-Encoding");
        }
    }

    [Fact]
    public async Task The_ETag_Of_Every_Coding_Answers_304_With_The_ETag_Of_The_Coding_Asked_For()
    {
        var (editor, url) = await PublishedAsync();
        var etag = (await GetAsync(url, null)).ETag;
        foreach (var client in new[] { api.CreateClient(), editor.Client })
        foreach (var held in new[] { etag, InCoding(etag, "br"), InCoding(etag, "gzip") })
        foreach (var (accept, coding) in new[] { ((string?)null, (string?)null), ("br", "br"), ("gzip", "gzip") })
        {
            var answer = await GetAsync(url, accept, client, ifNoneMatch: held);

            answer.Response.StatusCode.ShouldBe(HttpStatusCode.NotModified, $"{held} with Accept-Encoding {accept}");
            answer.ETag.ShouldBe(coding is null ? etag : InCoding(etag, coding));
            answer.Vary.ShouldBe("Authorization, Accept-Encoding");
        }
        (await GetAsync(url, "br", ifNoneMatch: InCoding("\"other\"", "br"))).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task If_Match_Accepts_The_ETag_Of_Any_Coding_Of_The_Current_Representation()
    {
        var (editor, url) = await PublishedAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        foreach (var coding in new[] { "br", "gzip" })
        {
            var read = await GetAsync(url, coding, editor.Client);
            read.Coding.ShouldBe(coding);

            var updated = await editor.Client.PutJsonAsync(url, Requests.Article(author), read.ETag);

            updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(_ct));
            (await editor.Client.PutJsonAsync(url, Requests.Article(author), read.ETag)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        }
    }

    [Fact]
    public async Task A_Cache_Hit_Serves_The_Bytes_Stored_For_Its_Coding()
    {
        var (_, url) = await PublishedAsync();
        var miss = await GetAsync(url, "br");
        var hit = await GetAsync(url, "br");
        var gzipHit = await GetAsync(url, "gzip");

        miss.Sql.ShouldBeGreaterThan(0);
        hit.Sql.ShouldBe(0);
        gzipHit.Sql.ShouldBe(0);
        hit.Raw.ShouldBe(miss.Raw);
        hit.ETag.ShouldBe(miss.ETag);
        gzipHit.Coding.ShouldBe("gzip");
        gzipHit.Decoded.ShouldBe(miss.Decoded);
        // The entry keeps each coding once one request has asked for it: the next hit sends those very bytes.
        var cache = api.Services.GetRequiredService<ResponseCache>();
        cache.TryGet(url.ToLowerInvariant(), api.Services.GetRequiredService<ContentGeneration>().Current, api.Now, out var entry).ShouldBeTrue();
        entry.BodyIn(ContentCoding.Brotli).ShouldBe(miss.Raw);
        entry.BodyIn(ContentCoding.Gzip).ShouldBe(gzipHit.Raw);
        entry.BodyIn(ContentCoding.Identity).ShouldBe(miss.Decoded);
    }

    [Fact]
    public async Task Head_Answers_The_Content_Length_And_ETag_Of_The_Coding_Asked_For()
    {
        var (editor, url) = await PublishedAsync();
        foreach (var client in new[] { api.CreateClient(), editor.Client })
        foreach (var coding in new[] { "br", "gzip" })
        {
            var get = await GetAsync(url, coding, client);
            var head = await SendAsync(HttpMethod.Head, url, coding, client);

            head.Raw.ShouldBeEmpty();
            head.Coding.ShouldBe(coding);
            head.Response.Content.Headers.ContentLength.ShouldBe(get.Raw.Length);
            head.ETag.ShouldBe(get.ETag);
        }
    }

    [Theory]
    [InlineData("*", "br")]
    [InlineData("gzip;q=1, br;q=0.5", "gzip")]
    [InlineData("x-gzip", "gzip")]
    [InlineData("BR", "br")]
    [InlineData("br;q=0, gzip;q=0", null)]
    [InlineData("*;q=0", null)]
    [InlineData("identity", null)]
    [InlineData("identity;q=1, br;q=0.5", null)]
    [InlineData("deflate, zstd", null)]
    // Nothing acceptable: the header is disregarded (RFC 9110 §12.5.3) rather than answered 406.
    [InlineData("identity;q=0", null)]
    [InlineData("identity;q=0, gzip;q=0.1", "gzip")]
    public async Task Accept_Encoding_Chooses_By_Quality(string acceptEncoding, string? coding)
    {
        var (_, url) = await PublishedAsync();
        var identity = await GetAsync(url, null);

        var answer = await GetAsync(url, acceptEncoding);

        answer.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.Coding.ShouldBe(coding);
        answer.Decoded.ShouldBe(identity.Raw);
    }

    [Fact]
    public async Task Small_Answers_Stay_Identity_Unless_Identity_Is_Refused()
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"small {Guid.NewGuid():N}" });
        var url = created.Headers.Location!.ToString();

        // A tag without published articles is not public: read with the key.
        var small = await GetAsync(url, "br, gzip", editor.Client);
        var refused = await GetAsync(url, "gzip, identity;q=0", editor.Client);

        small.Coding.ShouldBeNull();
        small.Raw.Length.ShouldBeLessThan(ContentCodings.MinimumBytes);
        small.Vary.ShouldBe("Authorization, Accept-Encoding");
        refused.Coding.ShouldBe("gzip");
        refused.Decoded.ShouldBe(small.Raw);
    }

    [Fact]
    public async Task A_New_Keys_Answer_Is_Never_Compressed_Nor_Varies_By_Accept_Encoding()
    {
        var admin = await api.AdminAsync();
        foreach (var idempotencyKey in new[] { null, Guid.NewGuid().ToString() })
        {
            // Identity refused: the one case where even a small answer is compressed elsewhere.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys")
            {
                Content = JsonContent(new { name = new string('k', 200), role = "editor" }),
            };
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip, identity;q=0");
            if (idempotencyKey is not null)
                request.Headers.Add("Idempotency-Key", idempotencyKey);

            var response = await admin.Client.SendAsync(request, _ct);

            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            response.Content.Headers.ContentEncoding.ShouldBeEmpty();
            response.Headers.Vary.ShouldBeEmpty();
            (await response.JsonAsync()).GetProperty("secret").GetString()!.ShouldStartWith("ak_");
        }
    }

    [Fact]
    public async Task An_Idempotent_Answer_And_Its_Replays_Are_Sent_In_The_Coding_Each_Request_Asks_For()
    {
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString());
        var key = Guid.NewGuid().ToString();
        var answers = new List<Answer>();
        foreach (var coding in new[] { "br", "gzip", null })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles") { Content = JsonContent(body) };
            request.Headers.Add("Idempotency-Key", key);
            if (coding is not null)
                request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
            var response = await editor.Client.SendAsync(request, _ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            var answer = new Answer(response, await response.Content.ReadAsByteArrayAsync(_ct), await Decoding.DecodedAsync(response, _ct), 0);
            answer.Coding.ShouldBe(coding);
            answer.Vary.ShouldBe("Accept-Encoding");
            answers.Add(answer);
        }
        var identity = answers[2];
        answers[1].Response.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        foreach (var answer in answers[..2])
        {
            answer.Decoded.ShouldBe(identity.Raw);
            answer.ETag.ShouldBe(InCoding(identity.ETag, answer.Coding!));
        }
    }

    static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, Infrastructure.Http.Options), System.Text.Encoding.UTF8, "application/json");
}
