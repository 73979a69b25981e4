namespace ArticlesApi.Domain;

/// One write of an article as it stood after the write (the article_revisions table): numbered per article
/// from 1, recorded in the write's transaction (Data/ArticleRevisionLog), never changed afterwards.
/// docs/decisions/0032-revisions-as-snapshots.md.
public sealed class ArticleRevision
{
    public Guid ArticleId { get; set; }
    public int Number { get; set; }
    public DateTime At { get; set; }

    /// The key that made the write and the author it acted as; null for the server's own writes (scheduled publication).
    public Guid? ByKeyId { get; set; }
    public string? ByKeyName { get; set; }
    public Guid? ByAuthorId { get; set; }

    /// created, updated, published, scheduled, unpublished, trashed, restored, revisionRestored, corrected, takenDown, takedownLifted.
    public required string Action { get; set; }

    /// The snapshot's members that differ from the previous revision's (all of them for the first).
    public string[] Changed { get; set; } = [];

    /// The article's editable content, status and dates, author, tag and source ids (JSON, see ArticleRevisionLog).
    public required string Snapshot { get; set; }

    /// Why, when the action says one was given (a takedown's reason).
    public string? Note { get; set; }
}

/// The actions a revision records.
public static class RevisionActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Published = "published";
    public const string Scheduled = "scheduled";
    public const string Unpublished = "unpublished";
    public const string Trashed = "trashed";
    public const string Restored = "restored";
    public const string RevisionRestored = "revisionRestored";
    public const string Corrected = "corrected";
    public const string TakenDown = "takenDown";
    public const string TakedownLifted = "takedownLifted";

    public static readonly string[] All =
        [Created, Updated, Published, Scheduled, Unpublished, Trashed, Restored, RevisionRestored, Corrected, TakenDown, TakedownLifted];

    public static string Of(ChangeKind kind) => kind switch
    {
        ChangeKind.Created => Created,
        ChangeKind.Published => Published,
        ChangeKind.Scheduled => Scheduled,
        ChangeKind.Unpublished => Unpublished,
        ChangeKind.Deleted => Trashed,
        ChangeKind.Restored => Restored,
        _ => Updated,
    };
}
