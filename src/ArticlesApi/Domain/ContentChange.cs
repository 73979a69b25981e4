namespace ArticlesApi.Domain;

/// One change to public content, recorded in the transaction of the write that made it (the
/// content_changes table, append-only). What reacts to changes reads these rows: the response cache now,
/// the change feed, webhooks and CDN purges later (docs/decisions/0017-content-changes.md).
public sealed class ContentChange
{
    /// Assigned in commit order: a reader that has seen a sequence has seen every smaller one.
    public long Sequence { get; set; }

    /// When the change took effect: the write's time, or for a scheduled article its publication time.
    public DateTime At { get; set; }

    public ContentResource Resource { get; set; }
    public Guid ResourceId { get; set; }

    /// The slug after the change (before it, for a deletion).
    public required string Slug { get; set; }

    public ChangeKind Kind { get; set; }

    /// Articles only: whether anonymous readers could see the article just before and just after the
    /// change (ArticleVisibility). Null for the other resources, which follow rules of their own.
    public bool? WasPublic { get; set; }
    public bool? IsPublic { get; set; }
}

public enum ContentResource
{
    Article,
    Author,
    Tag,
    Source,

    /// The site settings (one resource, id Site.SingletonId): its URLs are in every representation.
    Site,
}

public enum ChangeKind
{
    Created,
    Updated,

    /// Status became published (or a scheduled article's time came).
    Published,

    /// Status became scheduled: published at a future time.
    Scheduled,

    /// Status went from published or scheduled back to draft or archived.
    Unpublished,

    /// Moved to the trash, or deleted for good.
    Deleted,

    /// Back from the trash.
    Restored,
}
