using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Tags;

/// Tag names that look like an existing tag's (TagNames) are refused.
public static class TagLookAlikes
{
    /// 409 when another tag's name has the same key as `name`, naming `name` and that tag's slug.
    public static async Task<IResult?> FindConflictAsync(ArticlesDb db, string name, Guid except, CancellationToken ct)
    {
        var existing = await db.Tags
            .Where(t => t.Id != except && TagNames.Key(t.Name) == TagNames.Key(name))
            .Select(t => new { t.Name, t.Slug })
            .FirstOrDefaultAsync(ct);
        return existing is null ? null : Conflict(name, existing.Name, existing.Slug);
    }

    static IResult Conflict(string name, string existingName, string existingSlug)
    {
        var reason = $"'{name}' looks like the name of the existing tag '{existingName}' (slug '{existingSlug}'): use that tag, or a name that reads differently.";
        return Problems.Conflict(reason, new Dictionary<string, object?>
        {
            ["slug"] = existingSlug,
            ["errors"] = new[] { new { name = "name", reason } },
        });
    }
}
