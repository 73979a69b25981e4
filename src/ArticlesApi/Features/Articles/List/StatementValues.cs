using System.Runtime.CompilerServices;

namespace Articles.List;

/// The values of a statement whose text is assembled from constant parts, as EF's SqlQuery takes them: Value adds one and gives
/// its `{n}` placeholder for the text, Of makes the statement (each value a parameter).
sealed class StatementValues
{
    readonly List<object> _values = [];

    public string Value(object value)
    {
        _values.Add(value);
        return "{" + (_values.Count - 1) + "}";
    }

    public FormattableString Of(string sql) => FormattableStringFactory.Create(sql, [.. _values]);
}
