namespace ArticlesApi.Domain;

/// A public note appended to a published article (the article_corrections table): never edited or removed.
public sealed class Correction
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ArticleId { get; set; }
    public CorrectionKind Kind { get; set; }
    public required string NoteMarkdown { get; set; }

    /// Sanitized HTML rendered from NoteMarkdown, as article bodies are.
    public required string NoteHtml { get; set; }

    /// The media items the note's `![alt](media:{id})` images show (`note_media`): a media item a note shows cannot be
    /// deleted (MediaAccess.UsedBy), since the note is never edited.
    public Guid[] Media { get; set; } = [];

    public DateTime At { get; set; }
    public Guid? ByKeyId { get; set; }
    public Guid? ByAuthorId { get; set; }
    public Article Article { get; set; } = null!;
}

public enum CorrectionKind
{
    Correction,
    Clarification,
    Update,
    Retraction,
}
