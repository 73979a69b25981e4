using System.Text.Json;
using System.Text.Json.Serialization;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles.Revisions;

/// Who made a revision: the key (by its name then) and the author it acted as; null for the server's own writes
/// (scheduled publication) and for the revision each article got when revisions were introduced.
public sealed class RevisionAuthor
{
    public Guid? KeyId { get; init; }
    public string? KeyName { get; init; }
    public Guid? AuthorId { get; init; }
}

/// One revision in the list: what was done, by whom, when, and which members of the article it changed.
public class RevisionSummary
{
    /// 1 for the article's first revision, then one more for each write.
    public required int Number { get; init; }
    public required DateTime At { get; init; }
    public RevisionAuthor? By { get; init; }

    /// `created`, `updated`, `published`, `scheduled`, `unpublished`, `trashed`, `restored`, `revisionRestored`, `corrected`,
    /// `takenDown` or `takedownLifted`.
    public required string Action { get; init; }

    /// Members of `article` that differ from the previous revision (all of them in the first).
    public required string[] Changed { get; init; }

    /// Why, for actions that take a reason (a takedown's), or which revision a restore brought back.
    public string? Note { get; init; }
}

/// A revision with the article as it stood after it.
public sealed class RevisionResponse : RevisionSummary
{
    public required RevisionArticle Article { get; init; }
}

/// The article as a revision recorded it: its content, status and dates, and its authors (in order), tags and citation
/// sources by id (they may have been renamed or deleted since).
public sealed class RevisionArticle
{
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public required string Excerpt { get; init; }
    public bool ExcerptIsCustom { get; init; }
    public required string Markdown { get; init; }
    public required string Language { get; init; }
    public required string Status { get; init; }
    public DateTime? PublishedAt { get; init; }
    public DateTime? DeletedAt { get; init; }
    public FeatureImageResponse? FeatureImage { get; init; }
    public string? CanonicalUrl { get; init; }

    /// The type of work; null in revisions recorded before it was kept (also `featured`, `seo` and `translationGroup`).
    public ArticleKind? Kind { get; init; }
    public bool? Featured { get; init; }
    public SeoResponse? Seo { get; init; }

    /// The translation group the article was in (opaque: the articles of a group share it); null when it had no translations.
    public Guid? TranslationGroup { get; init; }

    /// Whether the revision records kind, featured, seo and the translation group.
    [JsonIgnore]
    public bool RecordsCuration => Kind is not null;

    public required List<Guid> Authors { get; init; }

    /// In the article's order: the first is the primary tag.
    public required List<Guid> Tags { get; init; }
    public required List<RevisionCitation> Citations { get; init; }

    /// The ids of the corrections published by then, oldest first.
    public required List<Guid> Corrections { get; init; }
}

public sealed class RevisionCitation
{
    public required Guid Source { get; init; }
    public required string Claim { get; init; }
    public string? Attribution { get; init; }
    public string? Quote { get; init; }
    public string? Url { get; init; }
}

/// Reading revisions: only callers who may edit the article (ArticleAccess), the trash included.
public static class ArticleRevisionReads
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static RevisionArticle ArticleOf(string snapshot) => JsonSerializer.Deserialize<RevisionArticle>(snapshot, Json)!;

    /// The article by id or slug if the caller may edit it, else why not (404 when its existence must not leak).
    public static async Task<(Article? Article, WriteRefusal? Refused)> EditableAsync(ArticlesDb db, Caller caller, string idOrSlug,
        CancellationToken ct)
    {
        var article = await ArticleAccess.FindAsync(db, idOrSlug, includeTrashed: true, ct);
        if (article is null)
            return (null, ArticleAccess.NotFound(idOrSlug));
        return await ArticleAccess.CheckAsync(db, caller, article, ct) is { } refused ? (null, refused) : (article, null);
    }

    public static Task<ArticleRevision?> FindAsync(ArticlesDb db, Guid articleId, int number, CancellationToken ct) =>
        db.ArticleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.ArticleId == articleId && r.Number == number, ct);

    public static RevisionResponse Full(ArticleRevision r) => new()
    {
        Number = r.Number, At = r.At, By = ByOf(r), Action = r.Action, Changed = r.Changed, Note = r.Note, Article = ArticleOf(r.Snapshot),
    };

    public static RevisionAuthor? ByOf(ArticleRevision r) =>
        r.ByKeyId is null ? null : new RevisionAuthor { KeyId = r.ByKeyId, KeyName = r.ByKeyName, AuthorId = r.ByAuthorId };

    public static string NoSuchRevision(string idOrSlug, int number) => $"The article '{idOrSlug}' has no revision {number}.";
}
