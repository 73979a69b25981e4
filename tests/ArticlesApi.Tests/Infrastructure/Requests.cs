using System.Net;
using System.Text.Json;
using Bogus;

namespace ArticlesApi.Tests.Infrastructure;

/// Request bodies as a client sends them (HTTP-level fakes): dictionaries, so a test can remove or
/// break one member and see that exact member named in the answer.
public static class Requests
{
    static readonly Faker F = new("it");

    public static Dictionary<string, object?> Article(params string[] authors) => new()
    {
        ["title"] = $"{F.Lorem.Sentence(5).TrimEnd('.')} {Guid.NewGuid().ToString("N")[..6]}",
        ["subtitle"] = F.Lorem.Sentence(),
        ["body"] = new Dictionary<string, object?> { ["markdown"] = string.Join("\n\n", F.Lorem.Paragraphs(3)) },
        ["language"] = "it",
        ["authors"] = authors,
        ["tags"] = Array.Empty<string>(),
        ["citations"] = Array.Empty<object>(),
    };

    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string member, object? value)
    {
        var copy = new Dictionary<string, object?>(body) { [member] = value };
        return copy;
    }

    public static Dictionary<string, object?> Without(this Dictionary<string, object?> body, string member)
    {
        var copy = new Dictionary<string, object?>(body);
        copy.Remove(member);
        return copy;
    }

    /// Creates an article through the API as `caller` (one of its authors) and returns it with its ETag.
    public static async Task<(JsonElement Article, string ETag, string Url)> CreateArticleAsync(this Caller caller, Dictionary<string, object?>? body = null)
    {
        body ??= Article((caller.AuthorId ?? await caller.NewAuthorIdAsync()).ToString());
        var response = await caller.Client.PostJsonAsync("/api/v1/articles", body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return (JsonDocument.Parse(text).RootElement, response.ETag(), response.Headers.Location!.ToString());
    }

    /// Publishes the article at `url` now (i % 3 == 0), at a random time in the last 500 hours (1) or schedules it within the
    /// next 3 hours (2): the random writes of the ready-made equality tests, with `now` the host's clock.
    public static async Task PublishNowEarlierOrLaterAsync(this Caller caller, string url, int i, Random random, DateTime now)
    {
        var publishAt = (i % 3) switch
        {
            0 => (DateTime?)null,
            1 => now.AddHours(-random.Next(1, 500)),
            _ => now.AddMinutes(random.Next(1, 180)),
        };
        var published = await caller.Client.PostJsonAsync($"{url}/publish", publishAt is null ? new { } : new { publishAt = publishAt.Value.ToString("O") });
        published.StatusCode.ShouldBe(HttpStatusCode.OK, await published.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// An author created through the API (needs an editor or admin caller).
    public static async Task<Guid> NewAuthorIdAsync(this Caller caller)
    {
        var response = await caller.Client.PostJsonAsync("/api/v1/authors", new { name = F.Name.FullName() });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> NewSourceIdAsync(this Caller caller)
    {
        var response = await caller.Client.PostJsonAsync("/api/v1/sources", new { name = F.Company.CompanyName(), kind = "agency" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
