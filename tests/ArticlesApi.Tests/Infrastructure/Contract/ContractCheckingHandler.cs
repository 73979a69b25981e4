namespace ArticlesApi.Tests.Infrastructure.Contract;

/// In every HttpClient the tests get from ApiFactory: each answer is checked against the served
/// OpenAPI document, and a violation fails the calling test with what is wrong. Tests that send
/// garbage on purpose still get documented answers; that is the point.
public sealed class ContractCheckingHandler(Func<Task<OpenApiContract>> contract) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (!path.StartsWith("/api/", StringComparison.Ordinal) && path != "/api")
            return response;

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await ContentCoding.DecodedTextAsync(response, cancellationToken);
        var violations = (await contract()).Check(request.Method, path, response, body);
        if (violations.Count > 0)
            throw new ContractViolationException(
                $"The answer to {request.Method} {request.RequestUri.PathAndQuery} breaks the OpenAPI document:\n  - "
                + string.Join("\n  - ", violations) + $"\nBody: {(body.Length > 2000 ? body[..2000] + "…" : body)}");
        return response;
    }
}

public sealed class ContractViolationException(string message) : Exception(message);

/// The body of an answer as text, decoded from its Content-Encoding (br, gzip) if it has one.
public static class ContentCoding
{
    public static async Task<byte[]> DecodedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (bytes.Length == 0)
            return bytes;
        Stream? decoder = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            null => null,
            "br" => new System.IO.Compression.BrotliStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress),
            "gzip" => new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress),
            var other => throw new InvalidOperationException($"Unexpected Content-Encoding {other}."),
        };
        if (decoder is null)
            return bytes;
        await using (decoder)
        {
            using var decoded = new MemoryStream();
            await decoder.CopyToAsync(decoded, ct);
            return decoded.ToArray();
        }
    }

    public static async Task<string> DecodedTextAsync(HttpResponseMessage response, CancellationToken ct) =>
        System.Text.Encoding.UTF8.GetString(await DecodedAsync(response, ct));
}
