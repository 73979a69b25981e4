using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ArticlesApi.Data;

public sealed class LowerCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => v.ToString().ToLowerInvariant(),
    v => Enum.Parse<TEnum>(v, true))
    where TEnum : struct, Enum
{
    /// The SQL list of stored values, for CHECK constraints: 'draft', 'published', …
    public static string SqlValues() =>
        string.Join(", ", Enum.GetNames<TEnum>().Select(n => $"'{n.ToLowerInvariant()}'"));
}
