using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Tags;

/// Tag names that look like an existing tag's (TagNames) are refused.
public static class TagLookAlikes
{
    /// Another tag whose name has the same key as `name` (409 naming `name` and that tag's slug), or null.
    public static async Task<WriteRefusal?> FindConflictAsync(ArticlesDb db, string name, Guid except, CancellationToken ct)
    {
        var existing = await db.Tags
            .Where(t => t.Id != except && TagNames.Key(t.Name) == TagNames.Key(name))
            .Select(t => new { t.Name, t.Slug })
            .FirstOrDefaultAsync(ct);
        return existing is null ? null : new WriteRefusal.LookAlikeTag(name, existing.Name, existing.Slug);
    }

    /// The same rule for a tag's translated names (`except`: that tag): a translated name may not look like another tag's
    /// name, nor like another tag's name in the same language (readers of that language would see two tags that read
    /// alike). The second is also a unique index (TagNames.TranslationKeyIndex); the first is checked here only.
    public static async Task<WriteRefusal?> FindTranslationConflictAsync(ArticlesDb db, IEnumerable<TagTranslation> translations, Guid except,
        CancellationToken ct)
    {
        foreach (var t in translations)
        {
            var clash = await db.Tags
                .Where(x => x.Id != except && (TagNames.Key(x.Name) == TagNames.Key(t.Name)
                    || x.Translations.Any(y => y.Language == t.Language && TagNames.Key(y.Name) == TagNames.Key(t.Name))))
                .Select(x => new { x.Name, x.Slug })
                .FirstOrDefaultAsync(ct);
            if (clash is not null)
                return new WriteRefusal.LookAlikeTag(t.Name, clash.Name, clash.Slug, $"translations.{t.Language}.name");
        }
        return null;
    }
}
