using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Media.Storage;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles;

/// The media items an article write shows (its feature image and the `media:{id}` images of its body), loaded in one
/// query before anything is rendered or written: an unknown one adds a failure naming `featureImage.media` or
/// `body.markdown`. Every staff role may use any media item: the library is the newsroom's, shared once uploaded.
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
        var items = await db.Media.AsNoTracking().Where(m => wanted.Contains(m.Id)).ToListAsync(ct);
        var found = items.ToDictionary(m => m.Id, m => Image(m, storage));
        if (featureImage is { } id && !found.ContainsKey(id))
            failures?.Add(new ValidationFailure("featureImage.media", $"No media item with id '{id}'."));
        else if (featureImage is { } given && !string.IsNullOrEmpty(featureImageUrl) && !IsUrlOf(items.Single(m => m.Id == given), found[given], featureImageUrl))
            failures?.Add(new ValidationFailure("featureImage",
                $"Give 'media' or 'url', not both: '{featureImageUrl}' is not media item '{given}' (a read's featureImage may be sent back as it is)."));
        if (inBody.Where(i => !found.ContainsKey(i)).ToList() is { Count: > 0 } missing)
            failures?.Add(new ValidationFailure(markdownField,
                $"No media item with id {string.Join(", ", missing.Select(m => $"'{m}'"))} (the body shows it as ![alt](media:{{id}}))."));
        return context with { Media = found };
    }

    /// A `url` sent with `media` is the item's when it is its URL now, or any URL of its original's key (an article written
    /// under an earlier media base and sent back as read).
    static bool IsUrlOf(MediaItem item, MediaImage image, string url) =>
        url == image.Url || url.EndsWith("/" + item.StorageKey, StringComparison.Ordinal);

    public static MediaImage Image(MediaItem m, IMediaStorage storage) => new(m.Id, storage.PublicUrl(m.StorageKey), m.ContentType,
        m.Width, m.Height, m.Bytes, m.Alt, m.Caption, m.Credit,
        [.. m.Renditions.Select(r => new MediaImageRendition(r.Width, r.Height, r.Format, storage.PublicUrl(r.StorageKey)))], m.Placeholder);
}
