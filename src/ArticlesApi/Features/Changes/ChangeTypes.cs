using ArticlesApi.Domain;

namespace ArticlesApi.Features.Changes;

/// What the change feed and webhooks call a change (the contract's types; `scheduled` is not one of them).
public enum ChangeType
{
    Created,
    Updated,
    Published,
    Unpublished,
    Deleted,
    Restored,
}

/// Who reads a change: anonymous readers see public content only; keys (and webhooks) see every change.
public enum ChangeAudience
{
    Public,
    Everything,
}

/// Turns a recorded change (content_changes, docs/decisions/0017) into the type a follower is told, or null
/// when the audience must not see it. See docs/decisions/0029-change-feed-and-webhooks.md.
public static class ChangeTypes
{
    public static ChangeType? For(ContentChange change, ChangeAudience audience) => audience switch
    {
        ChangeAudience.Everything => Everything(change),
        _ => Public(change),
    };

    /// A scheduled article is not published yet: its `published` comes when its time comes (the promotion
    /// records it). Scheduling a public article for later takes it out of view until then: `unpublished`.
    static ChangeType Everything(ContentChange change) => change.Kind switch
    {
        ChangeKind.Created => ChangeType.Created,
        ChangeKind.Published => ChangeType.Published,
        ChangeKind.Scheduled => change.WasPublic == true ? ChangeType.Unpublished : ChangeType.Updated,
        ChangeKind.Unpublished => ChangeType.Unpublished,
        ChangeKind.Deleted => ChangeType.Deleted,
        ChangeKind.Restored => ChangeType.Restored,
        _ => ChangeType.Updated,
    };

    /// Articles by what anonymous readers could see before and after: entering view is `created`,
    /// `restored` or `published`, leaving it `deleted`, changes out of view nothing. Authors and sources are
    /// public whatever they are used by. Tags are not: anonymous readers see a tag only while a published
    /// article carries it, which its changes do not say, so the public feed leaves them out (an app reads the
    /// tags of the articles it fetches).
    static ChangeType? Public(ContentChange change) => change.Resource switch
    {
        ContentResource.Tag => null,
        ContentResource.Article => (change.WasPublic == true, change.IsPublic == true) switch
        {
            (false, false) => null,
            (true, false) => ChangeType.Deleted,
            (false, true) => change.Kind switch
            {
                ChangeKind.Created => ChangeType.Created,
                ChangeKind.Restored => ChangeType.Restored,
                _ => ChangeType.Published,
            },
            (true, true) => ChangeType.Updated,
        },
        _ => Everything(change),
    };

    public static string Name(this ChangeType type) => type.ToString().ToLowerInvariant();

    public static string Name(this ContentResource resource) => resource.ToString().ToLowerInvariant();
}
