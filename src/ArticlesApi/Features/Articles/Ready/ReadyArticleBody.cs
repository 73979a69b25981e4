using System.Text.Json;
using ArticlesApi.Infrastructure.Http;

namespace ArticlesApi.Features.Articles.Ready;

/// A ready-made article as stored (ReadyArticles): its doc with every body format, where the body's members are in it
/// (`body`: the offset of the body object, then the bytes of its `"markdown":…`, `"html":…` and `"text":…` members, 0
/// when absent) and the surrogate keys it shows. One doc serves every `formats`: the serializer writes the members it
/// keeps exactly as it writes them with the others, so cutting out the members not asked for gives the bytes the query
/// path writes for those formats (ReadyArticleTests compare all seven).
public sealed class ReadyArticleBody(byte[] doc, int[]? body, string[] keys)
{
    static readonly byte[] BodyName = "\"body\":"u8.ToArray();

    /// The article in `formats`, written by Representations as any answer (ETag, 304, cache, coding); null when the doc's
    /// body could not be laid out (then only every format is served ready-made).
    public WrittenRepresentation? For(BodyFormats formats) =>
        (formats & BodyFormats.All) == BodyFormats.All ? new Representation(doc, body, keys, null)
        : body is { Length: 4 } ? new Representation(doc, body, keys, formats & BodyFormats.All)
        : null;

    /// Where the members of `article`'s body are in `doc`, its serialized bytes; null when the doc is not laid out as
    /// the body alone is serialized (the first `"body":` is the article's own: the members before it are strings,
    /// whose quotes are escaped, a UUID and a boolean).
    internal static int[]? PartsOf(byte[] doc, ArticleBodyResponse article)
    {
        var whole = JsonSerializer.SerializeToUtf8Bytes(article, Representations.Options);
        var name = doc.AsSpan().IndexOf(BodyName);
        if (name < 0 || !doc.AsSpan(name + BodyName.Length).StartsWith(whole))
            return null;
        int[] parts =
        [
            name + BodyName.Length,
            Member(new ArticleBodyResponse { Markdown = article.Markdown }),
            Member(new ArticleBodyResponse { Html = article.Html }),
            Member(new ArticleBodyResponse { Text = article.Text }),
        ];
        using var spliced = new MemoryStream(doc.Length);
        Write(spliced, doc, parts, BodyFormats.All);
        return spliced.ToArray().AsSpan().SequenceEqual(doc) ? parts : null;
    }

    /// The bytes of a body's only member (`{` and `}` left out), 0 when it has none.
    static int Member(ArticleBodyResponse only) => JsonSerializer.SerializeToUtf8Bytes(only, Representations.Options).Length - 2;

    /// `doc` with the body's members not in `formats` cut out.
    static void Write(Stream output, byte[] doc, int[] parts, BodyFormats formats)
    {
        var start = parts[0];
        output.Write(doc.AsSpan(0, start));
        output.WriteByte((byte)'{');
        var at = start + 1;
        var first = true;
        for (var i = 0; i < 3; i++)
        {
            var length = parts[i + 1];
            if (length == 0)
                continue;
            if (formats.HasFlag((BodyFormats)(1 << i)))
            {
                if (!first)
                    output.WriteByte((byte)',');
                output.Write(doc.AsSpan(at, length));
                first = false;
            }
            // The member, then the comma or the closing brace after it.
            at += length + 1;
        }
        output.WriteByte((byte)'}');
        output.Write(doc.AsSpan(Math.Max(at, start + 2)));
    }

    sealed class Representation(byte[] doc, int[]? body, string[] keys, BodyFormats? formats) : WrittenRepresentation, IKnownSurrogateKeys
    {
        public override string MediaType => "application/json";

        public override void WriteTo(Stream output)
        {
            if (formats is { } some)
                Write(output, doc, body!, some);
            else
                output.Write(doc);
        }

        // Stored as SurrogateKeys.Of(article) gave them: resource keys (`<kind>-<id>`) by kind, then list keys.
        public IEnumerable<string> ListKeys() => keys.Where(k => k.Length <= 37);

        public IEnumerable<string> ResourceKeys() => keys.Where(k => k.Length > 37);
    }
}
