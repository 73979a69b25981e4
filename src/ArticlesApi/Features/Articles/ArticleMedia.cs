using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Storage;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles;

/// The media items an article write shows (its feature image and the `media:{id}` images of its body), loaded in one
/// query before anything is rendered or written: an unknown one adds a failure naming `featureImage.media` or
/// `body.markdown`. Every staff role may use any media item: the library is the newsroom's, shared once uploaded.
public sealed record MediaText(string Alt, string? Caption, string? Credit);

public static class ArticleMedia
{
    public static async Task<BodyContext> ResolveAsync(ArticlesDb db, IMediaStorage storage, BodyContext context, string? markdown,
        Guid? featureImage, List<ValidationFailure>? failures, CancellationToken ct, string markdownField = "body.markdown",
        string? featureImageUrl = null)
    {
        var inBody = markdown is null ? [] : ArticleBody.MediaReferences(markdown);
        var wanted = inBody.Concat(featureImage is { } f ? [f] : []).Distinct().ToList();
        if (wanted.Count == 0)
            return context;
        var found = await LoadAsync(db, storage, wanted, ct);
        if (featureImage is { } id && !found.ContainsKey(id))
            failures?.Add(new ValidationFailure("featureImage.media", $"No media item with id '{id}'."));
        else if (featureImage is { } given && !string.IsNullOrEmpty(featureImageUrl) && !await IsUrlOfAsync(db, given, found[given], featureImageUrl, ct))
            failures?.Add(new ValidationFailure("featureImage",
                $"Give 'media' or 'url', not both: '{featureImageUrl}' is not media item '{given}' (a read's featureImage may be sent back as it is)."));
        if (inBody.Where(i => !found.ContainsKey(i)).ToList() is { Count: > 0 } missing)
            failures?.Add(new ValidationFailure(markdownField,
                $"No media item with id {string.Join(", ", missing.Select(m => $"'{m}'"))} (the body shows it as ![alt](media:{{id}}))."));
        return context with { Media = found };
    }

    /// The media items of these ids as articles show them: the one lookup behind every rendering of a body or feature image
    /// (writes, revision restores, corrections, BodyRerendering, a media item's changes reaching its articles). Missing ids
    /// are left out.
    public static async Task<Dictionary<Guid, MediaImage>> LoadAsync(ArticlesDb db, IMediaStorage storage, IReadOnlyCollection<Guid> ids,
        CancellationToken ct) =>
        ids.Count == 0 ? []
            : (await db.Media.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(ct)).ToDictionary(m => m.Id, m => Image(m, storage));

    /// The context to render these bodies with: every media item any of them shows, loaded in one query.
    public static async Task<BodyContext> ForBodiesAsync(ArticlesDb db, IMediaStorage storage, BodyContext context, IEnumerable<string> markdowns,
        CancellationToken ct) =>
        context with { Media = await LoadAsync(db, storage, [.. markdowns.SelectMany(ArticleBody.MediaReferences).Distinct()], ct) };

    /// A media item's alt text, caption or credit changed (`was`: its values before; `item`: tracked, changed, not saved yet):
    /// every article that shows it follows, in the caller's transaction, rows locked until it ends. Its body is rendered
    /// again (an image without the author's own alt text shows the item's), and its feature image's alt text, caption
    /// and credit follow where they are the item's (equal to the item's values before the change; an article's own
    /// words stay). Only articles whose stored fields change are written, so only they are recorded as updated
    /// (content_changes, a revision by the caller, updatedAt, ETag) when the caller saves.
    public static async Task FollowAsync(ArticlesDb db, IMediaStorage storage, BodyContext context, MediaItem item, MediaText was,
        CancellationToken ct)
    {
        var ids = await MediaAccess.LockUsersAsync(db, item.Id, ct);
        var articles = ids.Count == 0 ? [] : await db.Articles.Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        var inBody = articles.Where(a => a.Body.Media.Contains(item.Id)).ToList();
        var bodies = await ForBodiesAsync(db, storage, context, inBody.Select(a => a.Body.Markdown), ct);
        bodies = bodies with { Media = new Dictionary<Guid, MediaImage>(bodies.Media) { [item.Id] = Image(item, storage) } };
        foreach (var article in articles)
        {
            var changed = false;
            if (article.Body.Media.Contains(item.Id) && ArticleBody.TryRender(article.Body.Markdown, bodies) is { } body
                && (body.Html != article.Body.Html || body.Text != article.Body.Text))
            {
                article.Body = body;
                article.WordCount = body.WordCount();
                article.ReadingTimeMinutes = body.ReadingTimeMinutes();
                changed = true;
            }
            if (article.FeatureImage is { } image && image.MediaId == item.Id)
            {
                // Its own words stay; the item's follow it.
                var followed = (Alt: image.Alt == was.Alt ? item.Alt : image.Alt, Caption: image.Caption == was.Caption ? item.Caption : image.Caption,
                    Credit: image.Credit == was.Credit ? item.Credit : image.Credit);
                changed |= followed != (image.Alt, image.Caption, image.Credit);
                (image.Alt, image.Caption, image.Credit) = followed;
            }
            // A change to an owned part alone (the feature image) leaves the article's own entry unchanged: marked here, so the
            // save stamps updatedAt and records the change and the revision (ArticlesDb.SaveChangesAsync).
            if (changed)
                db.Entry(article).Property(a => a.UpdatedAt).IsModified = true;
        }
    }

    /// A `url` sent with `media` is the item's when it is its URL now, or any URL of its original's key (an article written
    /// under an earlier media base and sent back as read).
    static async Task<bool> IsUrlOfAsync(ArticlesDb db, Guid id, MediaImage image, string url, CancellationToken ct) =>
        url == image.Url || url.EndsWith("/" + await db.Media.Where(m => m.Id == id).Select(m => m.StorageKey).SingleAsync(ct), StringComparison.Ordinal);

    public static MediaImage Image(MediaItem m, IMediaStorage storage) => new(m.Id, storage.PublicUrl(m.StorageKey), m.ContentType,
        m.Width, m.Height, m.Bytes, m.Alt, m.Caption, m.Credit,
        [.. m.Renditions.Select(r => new MediaImageRendition(r.Width, r.Height, r.Format, storage.PublicUrl(r.StorageKey)))], m.Placeholder);
}
