using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArticlesApi.Features.SiteSettings;

/// A representation that carries public URLs (`url` on itself and on what it embeds). Projections leave them
/// empty (they depend on the site, not on the row); the read fills them in C# from the site of the current
/// content generation, so the SQL and its number of round trips stay what they were.
public interface ILinked
{
    void LinkTo(SiteUrls site);
}

public static class PublicLinks
{
    /// The site's URLs for a read made with this context: from the application's SiteLinks (cached per content
    /// generation), or read now when the context was made outside the application.
    public static ValueTask<SiteUrls> SiteUrlsAsync(this ArticlesDb db, CancellationToken ct) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<SiteLinks>() is { } links
            ? links.CurrentAsync(db, ct)
            : LoadAsync(db, ct);

    static async ValueTask<SiteUrls> LoadAsync(ArticlesDb db, CancellationToken ct) => new(await db.Sites.AsNoTracking().SingleAsync(ct), 0);

    /// Fills the URLs of `representation` (null stays null) and returns it.
    public static async Task<T?> LinkedAsync<T>(this T? representation, ArticlesDb db, CancellationToken ct) where T : class, ILinked
    {
        representation?.LinkTo(await db.SiteUrlsAsync(ct));
        return representation;
    }

    public static async Task<T?> LinkedAsync<T>(this Task<T?> read, ArticlesDb db, CancellationToken ct) where T : class, ILinked =>
        await (await read).LinkedAsync(db, ct);

    public static void LinkTo<T>(this IEnumerable<T> representations, SiteUrls site) where T : ILinked
    {
        foreach (var representation in representations)
            representation.LinkTo(site);
    }
}
