namespace ArticlesApi.Domain;

/// An uploaded image: its original (re-encoded without metadata) and renditions in the media storage, and what the
/// newsroom says of it. Files are immutable: only the metadata changes. See Features/Media.
public sealed class MediaItem
{
    public const int MaxAltLength = 1000;
    public const int MaxCaptionLength = 2000;
    public const int MaxCreditLength = 300;
    public const int MaxLicenseLength = 300;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// Of the stored original: image/jpeg, image/png, image/webp, image/gif or image/avif.
    public required string ContentType { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }

    /// Of the stored original.
    public long Bytes { get; set; }

    /// The storage key of the original (IMediaStorage).
    public required string StorageKey { get; set; }

    public required string Alt { get; set; }
    public string? Caption { get; set; }
    public string? Credit { get; set; }
    public string? License { get; set; }

    /// Narrowest first, WebP before the original's format at each width.
    public List<MediaRendition> Renditions { get; set; } = [];

    /// A tiny blurred preview (what the image processor makes: a data URI).
    public required string Placeholder { get; set; }

    /// Who uploaded it: the key, and the author it acted as (contributors and authors manage what their author uploaded).
    public Guid UploadedByKeyId { get; set; }
    public Guid? UploadedByAuthorId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// Row version (xmin): a change between the read and the save of a PUT fails as stale.
    public uint Version { get; set; }
}

/// One stored rendition of a media item.
public sealed class MediaRendition
{
    public int Width { get; set; }
    public int Height { get; set; }

    /// `webp`, `jpeg`, `png`, `gif` or `avif`.
    public required string Format { get; set; }

    public required string StorageKey { get; set; }
    public long Bytes { get; set; }
}
