using System.Text.Json;
using System.Text.Json.Serialization;
using ArticlesApi.Infrastructure.Caching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ArticlesApi.Infrastructure.Http;

/// The one place where an answer's DTO becomes bytes and those bytes get their ETag, Cache-Control, Vary and
/// 304. It is FastEndpoints' response serializer, so every `Send.OkAsync`, `Send.ResponseAsync` and
/// `Send.CreatedAtAsync` goes through it, and what the endpoint declared decides the headers:
/// - every 2xx JSON answer is a representation with a strong ETag of its bytes (reads, and the 200/201 of
///   writes, whose ETag a later GET repeats);
/// - a ConditionalRead also gets `Vary: Authorization`, Cache-Control (`public, max-age` for an anonymous
///   caller or a reader key of a Public read, `private, no-store` for a read made private by a query parameter
///   (ConditionalRead.PrivateWith: a preview link), `private, no-cache` otherwise), Surrogate-Key and Cache-Tag naming what it shows
///   (SurrogateKeys) and 304 when If-None-Match matches;
/// - on a response-cache miss the entry is stored from the same bytes (ResponseCacheFill);
/// - it is sent in the coding the request accepts (ContentCodings: Brotli or gzip, with their own ETags and
///   `Vary: Accept-Encoding`), unless the endpoint declares NoCompression.
/// Problems and other non-2xx answers are written as FastEndpoints writes them. An If-Match check serializes
/// the current representation with the same options (ETags.Of(object)), so it computes the ETag the client
/// received. See docs/decisions/0003 and 0020.
public static class Representations
{
    const string Json = "application/json";
    const string Charset = "; charset=utf-8";
    const string PrivateNoCache = "private, no-cache";
    const string PrivateNoStore = "private, no-store";

    /// How the API writes representations: ASP.NET Core's JSON defaults (what FastEndpoints copies its own
    /// options from) configured as FastEndpoints' options are (Configure), then frozen.
    public static readonly JsonSerializerOptions Options = Frozen();

    /// In UseFastEndpoints: requests are read with options configured as Options is, and every answer is
    /// written here. FastEndpoints keeps this configuration process-wide and applies it once (a second host
    /// in the same process, as in tests, reuses it), so what differs between hosts is read per request.
    public static void Install(FastEndpoints.Config config)
    {
        var fastEndpoints = config.Serializer.Options;
        Configure(fastEndpoints);
        config.Serializer.ResponseSerializer = (response, dto, contentType, context, ct) =>
            dto is null ? Task.CompletedTask
            : response.StatusCode is >= 200 and < 300 && dto is WrittenRepresentation written
                ? WriteAsync(response, written, written.WriteTo, written.MediaType, ct)
            : response.StatusCode is >= 200 and < 300 && dto is StreamedRepresentation streamed
                ? StreamAsync(response, streamed, ct)
            : response.StatusCode is < 200 or >= 300 || contentType != Json
                ? response.WriteAsJsonAsync(dto, context?.Options ?? fastEndpoints, contentType + Charset, ct)
                : WriteAsync(response, dto, buffer => JsonSerializer.Serialize(buffer, dto, dto.GetType(), Options),
                    dto is IJsonWithMediaType typed ? typed.MediaType() : Json, ct);
    }

    /// Enums as camelCase strings; on input, text without NUL (PostgreSQL cannot store it) and no unknown
    /// members (a typo such as "titel" would otherwise be dropped silently).
    static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new TextWithoutNulConverter());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    static JsonSerializerOptions Frozen()
    {
        var options = new JsonSerializerOptions(new Microsoft.AspNetCore.Http.Json.JsonOptions().SerializerOptions);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// Vary and Cache-Control of a ConditionalRead's answer: its 200 and 304, and the 301 of an old slug (SlugRedirects).
    public static void DescribeCaching(HttpResponse response, ConditionalRead read)
    {
        var context = response.HttpContext;
        var headers = response.Headers;
        headers.Vary = HeaderNames.Authorization;
        if (read.IsPrivateFor(context.Request))
            headers.CacheControl = PrivateNoStore;
        else if (string.IsNullOrEmpty(headers.CacheControl))
            headers.CacheControl = read.Audience == ReadAudience.Public && Auth.Caller.ReadsAsPublic(context.User)
                ? PublicCacheControl(context.RequestServices.GetRequiredService<IOptions<CachingOptions>>().Value.PublicMaxAgeSeconds)
                : PrivateNoCache;
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> PublicCacheControls = new();

    /// `public, max-age=N`, made once per value (a host has one; tests run several hosts in a process), not per answer.
    static string PublicCacheControl(int seconds) => PublicCacheControls.GetOrAdd(seconds, static s => $"public, max-age={s}");

    static async Task WriteAsync(HttpResponse response, object dto, Action<Stream> write, string mediaType, CancellationToken ct)
    {
        using var buffer = ResponseBuffer.Rent();
        write(buffer);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var etag = ETags.Of(body.Span);

        var context = response.HttpContext;
        var headers = response.Headers;
        response.ContentType = mediaType + Charset;
        var read = DescribeRead(response);
        if (read is not null)
            SurrogateKeys.Set(headers, dto);
        // An answer captured to be kept (an idempotent POST's) stays identity here; it is encoded when sent.
        var captured = context.Features.Get<CapturedAnswer>();
        var coding = captured is null ? ContentCodings.Choose(context, body.Length) : ContentCoding.Identity;
        ContentCodings.Describe(response, etag, coding);
        if (captured is not null)
            captured.RepresentationETag = etag;
        // Not `? body : null`: null would become an empty Memory through byte[]'s conversion.
        ReadOnlyMemory<byte>? sent = null;
        if (coding == ContentCoding.Identity)
            sent = body;

        // The full answer is stored even when this request gets a 304: the identity bytes, and those sent.
        if (context.Features.Get<ResponseCacheFill>() is { } fill)
        {
            var identity = body.ToArray();
            var encoded = coding == ContentCoding.Identity ? identity : ContentCodings.Encode(body.Span, coding);
            fill.Store(response, identity, etag, coding, encoded);
            sent = encoded;
        }

        if (read is not null && ETags.AnyMatchesWeakly(context.Request.Headers.IfNoneMatch, etag))
        {
            ResponseBuffer.NotModified(response);
            return;
        }
        sent ??= ContentCodings.Encode(body.Span, coding);
        response.ContentLength = sent.Value.Length;
        await response.Body.WriteAsync(sent.Value, ct);
    }

    /// Vary and Cache-Control of a ConditionalRead; null when the endpoint is not one.
    static ConditionalRead? DescribeRead(HttpResponse response)
    {
        var read = HttpBehaviour.Of<ConditionalRead>(response.HttpContext);
        if (read is not null)
            DescribeCaching(response, read);
        return read;
    }

    /// A representation written while it is made (StreamedRepresentation): its ETag was given beforehand, so 304 is
    /// answered before anything is read; the body goes out chunked, through the coding's encoder, and is not kept.
    static async Task StreamAsync(HttpResponse response, StreamedRepresentation body, CancellationToken ct)
    {
        var context = response.HttpContext;
        response.ContentType = body.MediaType + Charset;
        var read = DescribeRead(response);
        if (read is not null)
            SurrogateKeys.Set(response.Headers, body);
        var coding = ContentCodings.Choose(context, long.MaxValue);
        ContentCodings.Describe(response, body.ETag, coding);
        if (read is not null && ETags.AnyMatchesWeakly(context.Request.Headers.IfNoneMatch, body.ETag))
        {
            ResponseBuffer.NotModified(response);
            return;
        }
        response.ContentLength = null;
        await using var encoder = ContentCodings.Encoder(response.Body, coding);
        await body.WriteToAsync(encoder ?? response.Body, ct);
    }
}
