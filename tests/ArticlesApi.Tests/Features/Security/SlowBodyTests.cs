using System.Net.Sockets;
using System.Text;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ArticlesApi.Tests.Features.Security;

/// Bodies that Kestrel refuses while the API reads them answer Kestrel's status as a problem, never 500.
/// On a real Kestrel server: TestServer enforces no data rates.
public sealed class SlowBodyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// Sends a POST with these body headers and the start of a body, and nothing more; returns everything
    /// the server sent until it closed the connection.
    async Task<string> PostUnfinishedAsync(KestrelHost host, string secret, string bodyHeaders, string body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.Url.Host, host.Url.Port, _ct);
        var stream = tcp.GetStream();
        var head = "POST /api/v1/tags HTTP/1.1\r\nHost: localhost\r\n" +
                   $"Authorization: Bearer {secret}\r\nContent-Type: application/json\r\n{bodyHeaders}\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _ct);
        // A bound for a broken server, not an assertion: Kestrel closes the connection after its answer.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        bound.CancelAfter(TimeSpan.FromSeconds(60));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(bound.Token);
    }

    [Fact]
    public async Task A_Body_That_Stalls_Below_The_Minimum_Data_Rate_Answers_408_Problem()
    {
        var editor = await api.EditorAsync();
        // Kestrel's default (240 bytes/s after a 5 s grace period) with a shorter grace period.
        await using var host = KestrelHost.Start(api, _ => { },
            k => k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(2)));

        var answer = await PostUnfinishedAsync(host, editor.Secret, "Content-Length: 10000", "{\"name\":\"");

        answer.ShouldStartWith("HTTP/1.1 408 ");
        answer.ShouldContain("Content-Type: application/problem+json", Case.Insensitive);
        answer.ShouldContain("\"status\":408");
        var document = System.Text.Json.JsonDocument.Parse(await api.CreateClient().GetStringAsync(ArticlesApi.Infrastructure.OpenApi.DocumentPath, _ct));
        document.RootElement.GetProperty("paths").GetProperty("/api/v1/tags").GetProperty("post").GetProperty("responses")
            .TryGetProperty("408", out _).ShouldBeTrue("every status an endpoint can answer is documented");
    }

    [Fact]
    public async Task A_Malformed_Chunked_Body_Answers_400_Problem()
    {
        var editor = await api.EditorAsync();
        await using var host = KestrelHost.Start(api, _ => { });

        var answer = await PostUnfinishedAsync(host, editor.Secret, "Transfer-Encoding: chunked", "5\r\n{\"nam\r\nzz\r\n");

        answer.ShouldStartWith("HTTP/1.1 400 ");
        answer.ShouldContain("Content-Type: application/problem+json", Case.Insensitive);
        answer.ShouldContain("\"status\":400");
    }
}
