namespace ArticlesApi.Infrastructure.Database;

/// Why a write was not made: what the database refused, or what a rule of the write refused before it.
/// A value, never an answer: writes return null when made, and Http/WriteProblems turns each kind into
/// its problem+json in one place.
public abstract record WriteRefusal
{
    WriteRefusal() { }

    /// No such row, or none the caller may know of. Key: the id or slug the request named.
    public sealed record NotFound(string Resource, string Key) : WriteRefusal;

    /// The caller's key may not make this write; Reason says why and what would be allowed.
    public sealed record Forbidden(string Reason) : WriteRefusal;

    public sealed record SlugTaken(string Slug) : WriteRefusal;

    /// The write must name the version it changes (If-Match) and does not.
    public sealed record VersionMissing : WriteRefusal;

    /// The version the write names is not the current one: changed or deleted since it was read (If-Match),
    /// or changed between the read and the save (row version).
    public sealed record Stale : WriteRefusal;

    /// A tag name that looks like an existing tag's (the same TagNames key).
    /// Field: the member that holds the name (`name`, or `translations.en.name` for a translated name).
    public sealed record LookAlikeTag(string Name, string ExistingName, string ExistingSlug, string Field = "name") : WriteRefusal;

    /// A look-alike tag that the unique index found when no check before the write did: written at the same time.
    public sealed record LookAlikeTagMeanwhile : WriteRefusal;

    /// A foreign key refused the write: it refers to a row deleted meanwhile, or deletes one still in use.
    public sealed record ReferenceBroken : WriteRefusal;

    /// The translation group already has an article in this language (ExistingSlug: that article, when known).
    public sealed record TranslationLanguageTaken(string Language, string? ExistingSlug) : WriteRefusal;

    /// The row is still referenced; Reason says by what.
    public sealed record InUse(string Reason) : WriteRefusal;
}
