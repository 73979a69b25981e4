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
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var violations = (await contract()).Check(request.Method, path, response, body);
        if (violations.Count > 0)
            throw new ContractViolationException(
                $"The answer to {request.Method} {request.RequestUri.PathAndQuery} breaks the OpenAPI document:\n  - "
                + string.Join("\n  - ", violations) + $"\nBody: {(body.Length > 2000 ? body[..2000] + "…" : body)}");
        return response;
    }
}

public sealed class ContractViolationException(string message) : Exception(message);
