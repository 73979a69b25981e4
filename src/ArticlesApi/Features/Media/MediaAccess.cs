using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Media;

/// Who may change which media item, as with articles: editors and admins all of them; contributors and authors what
/// they uploaded (by their author, or by their key when it acts as no author). Every staff role reads the whole
/// library: a story uses the photo desk's pictures.
public static class MediaAccess
{
    public static bool MayChange(Caller caller, MediaItem item) =>
        caller.ManagesAllArticles
        || (caller.AuthorId is { } author ? item.UploadedByAuthorId == author : item.UploadedByKeyId == caller.KeyId);

    public static WriteRefusal? Check(Caller caller, MediaItem item) =>
        MayChange(caller, item) ? null : new WriteRefusal.Forbidden("Contributors and authors may only change the media they uploaded.");

    public static WriteRefusal NotFound(Guid id) => new WriteRefusal.NotFound("media item", id.ToString());

    /// Articles that use the media item, trashed ones included (they can be restored): as their feature image, in their
    /// body's `![alt](media:{id})` images (`body_media`, written with the rendered body) or in a correction note's
    /// (`note_media`: notes are never edited, so the picture must stay). Index scans only, never a scan of the texts.
    public static IQueryable<Article> UsedBy(ArticlesDb db, Guid id) =>
        db.Articles.Where(a => db.Database.SqlQuery<Guid>(
            $"""
            SELECT id AS "Value" FROM articles WHERE feature_image_media_id = {id} OR body_media @> ARRAY[{id}]
            UNION SELECT article_id FROM article_corrections WHERE note_media @> ARRAY[{id}]
            """).Contains(a.Id));

    /// The ids of UsedBy, each row locked until the transaction ends (FOR UPDATE), for a write that changes them.
    public static Task<List<Guid>> LockUsersAsync(ArticlesDb db, Guid id, CancellationToken ct) =>
        db.Database.SqlQuery<Guid>(
            $"SELECT id AS \"Value\" FROM articles WHERE feature_image_media_id = {id} OR body_media @> ARRAY[{id}] ORDER BY id FOR UPDATE").ToListAsync(ct);

    public static async Task<WriteRefusal?> InUseAsync(ArticlesDb db, Guid id, CancellationToken ct)
    {
        var slugs = await UsedBy(db, id).OrderBy(a => a.Slug).Select(a => a.Slug).Take(5).ToListAsync(ct);
        return slugs.Count == 0 ? null : new WriteRefusal.InUse(
            $"The media item is still used by article(s) {string.Join(", ", slugs.Select(s => $"'{s}'"))}"
            + $"{(slugs.Count == 5 ? " and maybe others" : "")}, trashed ones included. Remove it from those articles first.");
    }
}
