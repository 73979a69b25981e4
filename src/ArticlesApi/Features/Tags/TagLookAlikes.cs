using ArticlesApi.Data;
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
}
