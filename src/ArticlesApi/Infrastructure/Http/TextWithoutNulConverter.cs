using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArticlesApi.Infrastructure.Http;

/// JSON allows "\u0000" in strings; PostgreSQL text cannot store it and would fail the write with a
/// 500. Rejecting it while reading turns that into a 400 naming the member.
public sealed class TextWithoutNulConverter : JsonConverter<string>
{
    public const string Reason = "must not contain NUL (U+0000) characters";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException();
        var value = reader.GetString();
        if (value is not null && value.Contains('\0'))
            throw new JsonException(Reason);
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
