using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Data;

/// Tag names that look alike share a key: the database function tag_name_key (migration
/// TagNameLookAlikes) folds a name's compatibility forms (NFKC: "Ｅｓｔｅｒｉ", "ﬁ"), accents, invisible
/// characters, Cyrillic, Greek and other letters drawn like Latin ones ("Сina" with a Cyrillic С),
/// case and runs of spaces. A unique index on it keeps one tag per key, whoever writes at the same
/// time; the API asks the same function, so its checks and the index never disagree
/// (docs/decisions/0012-tags-through-published-content.md).
public static class TagNames
{
    public const string KeyIndex = "ix_tags_name_key";

    /// The same rule for translated names, within one language (tag_translations).
    public const string TranslationKeyIndex = "ix_tag_translations_name_key";

    /// In queries only: translated to tag_name_key(name).
    public static string Key(string name) => throw new InvalidOperationException("tag_name_key runs in the database: use TagNames.Key in queries.");

    public static void Map(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(typeof(TagNames).GetMethod(nameof(Key))!).HasName("tag_name_key");

    /// The keys of `names`, in their order, from the same function.
    public static async Task<string[]> KeysAsync(ArticlesDb db, IReadOnlyList<string> names, CancellationToken ct) =>
        names.Count == 0
            ? []
            : await db.Database.SqlQuery<string[]>(
                    $"SELECT array_agg(tag_name_key(n) ORDER BY i) AS \"Value\" FROM unnest({names.ToArray()}) WITH ORDINALITY AS u(n, i)")
                .SingleAsync(ct);
}
