using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Data;

/// Translation groups: articles that tell the same story in different languages share a group id (opaque,
/// made when the first translation joins). A unique index keeps one article per language in a group, out of
/// the trash, whoever writes at the same time.
public static class TranslationGroups
{
    public const string OneLanguageIndex = "ix_articles_translation_group_language";

    /// In queries only: article_translations(group, self, every, at) (migration TranslationsKindsCurationH21lang), the
    /// other articles of the group out of the trash (all of them when `every`, else the public ones) as a JSON array of
    /// { id, slug, language, title, status }: one scalar in the article's own row, so reading translations costs no
    /// query of its own.
    public static string Json(Guid? group, Guid self, bool every, DateTime at) =>
        throw new InvalidOperationException("article_translations runs in the database: use TranslationGroups.Json in queries.");

    public static void Map(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(typeof(TranslationGroups).GetMethod(nameof(Json))!).HasName("article_translations");
}
