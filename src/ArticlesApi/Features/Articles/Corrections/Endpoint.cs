using System.ComponentModel;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using FluentValidation;

namespace Articles.Corrections;

[Description("A public correction, clarification, update or retraction.")]
sealed class Request : ActionRequest
{
    /// `correction` (a factual error fixed), `clarification` (a misleading passage made clear), `update` (new facts since
    /// publication) or `retraction` (the article should not be relied on: it stays readable with the retraction on top).
    public CorrectionKind? Kind { get; init; }

    /// What was wrong and what is right now, in Markdown (rendered to sanitized HTML as bodies are).
    public string Note { get; init; } = "";
}

sealed class Validator : Validator<Request>
{
    public Validator()
    {
        // IsInEnum: the JSON enum converter also reads numbers, which name no kind.
        RuleFor(x => x.Kind).NotNull().IsInEnum().WithMessage("kind is required: correction, clarification, update or retraction.");
        RuleFor(x => x.Note).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(ArticlesApi.Data.Configurations.Corrections.NoteMaxLength)
            .Must(note => ArticleBody.Problem(note) is null).WithMessage(x => ArticleBody.Problem(x.Note) ?? "");
    }
}

sealed class Endpoint(ArticlesDb db, TimeProvider time) : Endpoint<Request, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{idOrSlug}/corrections");
        Definition.Declare(ConditionalWrite.IfMatchOptional, IdempotentPost.Instance);
        Roles(RoleNames.Editors);
        Description(b => b.Produces<ArticleResponse>(200).ProducesProblems(400, 401, 403, 404, 409, 412, 422));
        Summary(s =>
        {
            s.Summary = "Append a public correction to an article (editor, admin)";
            s.ExampleRequest = ArticleExamples.Correction;
            s.Description = "Appends to the article's `corrections` (oldest first), which every read of the article carries; a "
                + "`retraction` also fills the article's `retraction`, and the article stays readable. Corrections are never edited or "
                + "removed. The article counts as updated (its `updatedAt`, ETag and the change feed follow); the revision records "
                + "the action `corrected`. Only articles readers have seen take corrections: a draft, or one scheduled for later, answers 409.";
            s.Responses[200] = "The article as it is now, the new correction last in `corrections`.";
            s.Responses[404] = "No such article (or in the trash).";
            s.Responses[409] = "The article has never been public (`not-published`) or was taken down (`taken-down`), or a request with "
                + "the same Idempotency-Key is still running.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var caller = Caller.From(User);
        // The note's `media:{id}` images are rendered as a body's are; an unknown one is a 400 naming `note`.
        var noteContext = await ArticleMedia.ResolveAsync(db, Resolve<ArticlesApi.Features.Media.Storage.IMediaStorage>(), Resolve<BodyContext>(),
            req.Note, null, ValidationFailures, ct, markdownField: "note");
        ThrowIfAnyErrors();
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: false, ct);
        var refused = await ArticleAccess.ChangeAsync(db, caller, article, req, HttpContext.DeclaredIfMatch(), a =>
        {
            db.Corrections.Add(new Correction
            {
                ArticleId = a.Id, Kind = req.Kind!.Value, NoteMarkdown = req.Note, NoteHtml = ArticleBody.FromMarkdown(req.Note, noteContext).Html,
                Media = [.. ArticleBody.MediaReferences(req.Note)],
                At = now, ByKeyId = caller.KeyId, ByAuthorId = caller.AuthorId,
            });
            a.RevisionAction = RevisionActions.Corrected;
        }, ct, a => Task.FromResult(ArticleAccess.NotTakenDown(a) ?? (HasBeenPublic(a, now) ? null : new WriteRefusal.NotPublished(a.Slug))));
        await (refused is null ? Send.OkAsync(await CurrentArticle.ReadAsync(db, article!.Id, ct), ct) : Send.RefusalAsync(refused));
    }

    /// Readers have seen it: public now, or archived after publication.
    static bool HasBeenPublic(Article a, DateTime now) =>
        ArticleVisibility.IsPublic(a.Status, a.PublishedAt, null, now) || (a.Status == ArticleStatus.Archived && a.PublishedAt <= now);
}
