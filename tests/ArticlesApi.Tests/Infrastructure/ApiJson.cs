using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArticlesApi.Tests.Infrastructure;

/// Reads answers as clients do: camelCase, enums as camelCase strings.
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, CancellationToken ct) =>
        (await response.Content.ReadFromJsonAsync<T>(Options, ct))!;

    /// The names in a problem's `errors`.
    public static async Task<string[]> ErrorNamesAsync(this HttpResponseMessage response, CancellationToken ct)
    {
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        return problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();
    }
}
