using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ArticlesApi.Tests.Infrastructure;

/// JSON over HTTP with the headers that writes use, and assertions on RFC 9457 problems.
public static class Http
{
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body = null,
        string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is string raw)
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        else if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType());
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object? body = null, string? idempotencyKey = null) =>
        client.SendJsonAsync(HttpMethod.Post, url, body, idempotencyKey: idempotencyKey);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body, string? ifMatch) =>
        client.SendJsonAsync(HttpMethod.Put, url, body, ifMatch);

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string url, string? ifMatch) =>
        client.SendJsonAsync(HttpMethod.Delete, url, ifMatch: ifMatch);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

    public static string ETag(this HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new ShouldAssertException("The response has no ETag");

    /// Asserts the status and that the body is a problem with status, title and detail, and when `code` is given,
    /// that it is that kind of problem (`code` and the `type` URI, see ProblemTypes); returns it.
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty(text);
        if (code is not null)
        {
            problem.GetProperty("code").GetString().ShouldBe(code, text);
            problem.GetProperty("type").GetString().ShouldBe(ProblemTypeBase + code, text);
        }
        return problem;
    }

    /// Written out rather than read from the API's ProblemTypes: the URIs are a contract, changing them must fail a test.
    public const string ProblemTypeBase = "https://articles-api.dev/problems/";

    /// A 400 problem whose `errors` name the given field.
    public static async Task<JsonElement> ShouldBeValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
        var names = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        names.ShouldContain(field, $"errors named: {string.Join(", ", names)}");
        return problem;
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(expected, text);
        return JsonSerializer.Deserialize<T>(text, Options)!;
    }

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
