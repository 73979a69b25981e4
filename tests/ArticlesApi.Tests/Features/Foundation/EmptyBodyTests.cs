using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Foundation;

/// Requests without a body: a body-less DELETE is not refused for the Content-Type it carries, and a create sent
/// without its body answers a 400 naming `body`, not a 415 about a Content-Type that had nothing to describe.
public sealed class EmptyBodyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// Writes the request as it is (head and body) on a new connection to a real Kestrel server and returns
    /// everything the server sent until it closed the connection.
    async Task<string> SendRawAsync(KestrelHost host, string head, string body = "")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.Url.Host, host.Url.Port, _ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{head}Host: localhost\r\nConnection: close\r\n\r\n{body}"), _ct);
        // A bound for a broken server, not an assertion: with Connection: close, Kestrel closes after its answer.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        bound.CancelAfter(TimeSpan.FromSeconds(60));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(bound.Token);
    }

    [Fact]
    public async Task Delete_With_A_Json_Content_Type_And_Neither_Length_Nor_Body_Over_A_Socket_Returns_204()
    {
        var editor = await api.EditorAsync();
        var (_, etag, url) = await editor.CreateArticleAsync();
        await using var host = KestrelHost.Start(api, _ => { });

        // What `curl -X DELETE -H 'Content-Type: application/json'` sends: no Content-Length, no Transfer-Encoding.
        var answer = await SendRawAsync(host,
            $"DELETE {url} HTTP/1.1\r\nAuthorization: Bearer {editor.Secret}\r\nContent-Type: application/json\r\nIf-Match: {etag}\r\n");

        answer.ShouldStartWith("HTTP/1.1 204 ", customMessage: answer);
        (await editor.Client.GetAsync(url, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_With_A_Json_Content_Type_And_No_Body_Over_A_Socket_Still_Checks_If_Match()
    {
        var editor = await api.EditorAsync();
        var (_, _, url) = await editor.CreateArticleAsync();
        await using var host = KestrelHost.Start(api, _ => { });

        var answer = await SendRawAsync(host,
            $"DELETE {url} HTTP/1.1\r\nAuthorization: Bearer {editor.Secret}\r\nContent-Type: application/json\r\nIf-Match: \"stale\"\r\n");

        answer.ShouldStartWith("HTTP/1.1 412 ", customMessage: answer);
        answer.ShouldContain("\"code\":\"precondition-failed\"");
    }

    [Theory]
    [InlineData("/api/v1/tags", "application/json")]
    [InlineData("/api/v1/tags", null)]
    [InlineData("/api/v1/articles", "application/json")]
    [InlineData("/api/v1/articles", null)]
    [InlineData("/api/v1/authors", null)]
    [InlineData("/api/v1/sources", "text/plain")]
    public async Task Create_Without_A_Body_Returns_400_Naming_The_Body(string url, string? contentType)
    {
        var editor = await api.EditorAsync();
        var content = new ByteArrayContent([]);
        content.Headers.ContentLength = 0;
        if (contentType is not null)
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        var response = await editor.Client.PostAsync(url, content, _ct);

        var problem = await response.ShouldBeValidationProblemAsync("body");
        problem.GetRawText().ShouldContain("required");
    }

    [Fact]
    public async Task Create_Without_A_Body_Over_A_Socket_Returns_400_Naming_The_Body()
    {
        var editor = await api.EditorAsync();
        await using var host = KestrelHost.Start(api, _ => { });

        var answer = await SendRawAsync(host, $"POST /api/v1/tags HTTP/1.1\r\nAuthorization: Bearer {editor.Secret}\r\nContent-Length: 0\r\n");

        answer.ShouldStartWith("HTTP/1.1 400 ", customMessage: answer);
        answer.ShouldContain("\"code\":\"validation\"");
        answer.ShouldContain("\"name\":\"body\"");
    }

    [Fact]
    public async Task Create_With_A_Body_Of_Another_Media_Type_Still_Returns_415()
    {
        var editor = await api.EditorAsync();

        var response = await editor.Client.PostAsync("/api/v1/tags", new StringContent("name=Esteri", Encoding.UTF8, "application/x-www-form-urlencoded"), _ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }
}
