using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Revisions;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Articles.Revisions.List;

sealed class Request : PageRequest
{
    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; set; } = "";
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new PageRules());
}

sealed class Endpoint(ArticlesDb db, CursorCodec cursors) : Endpoint<Request, ListResponse<RevisionSummary>>
{
    public const string Scope = "revisions";

    public override void Configure()
    {
        Get("/articles/{idOrSlug}/revisions");
        Definition.Declare(ConditionalRead.PrivateList);
        Roles(RoleNames.Writers);
        Description(b => b.Produces<ListResponse<RevisionSummary>>(200, "application/json").Produces(304).ProducesProblems(400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "List an article's revisions (those who may edit it)";
            s.RequestExamples.Add(new(ArticleExamples.Revisions));
            s.Description = "Every write of the article (create, PUT, publish, unpublish, trash, restore, a correction, a takedown, a revision "
                + "restore, a scheduled publication) left a revision: newest first, with who, when, the action and the members it changed. "
                + "Readable by those who may edit the article (editors and admins: all; authors: those they co-author; contributors: their "
                + "drafts); others' unpublished articles answer 404, others' public ones 403. Keyset pagination with `limit`, `cursor`, `total`.";
            s.Responses[200] = "A page of revisions, newest first.";
            s.Responses[403] = "The key may not edit this (public) article.";
            s.Responses[404] = "No such article, or not one this key may see.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (article, refused) = await ArticleRevisionReads.EditableAsync(db, Caller.From(User), req.IdOrSlug, ct);
        if (refused is not null)
        {
            await Send.RefusalAsync(refused);
            return;
        }
        var query = db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == article!.Id);
        var total = req.WantsTotal() ? await query.CountAsync(ct) : (int?)null;
        if (!string.IsNullOrEmpty(req.Cursor))
        {
            if (!cursors.TryDecode(req.Cursor, $"{Scope}:{article!.Id}", (RevisionCursor c) => c.Number > 0, out var after))
                ThrowError(x => x.Cursor!, PageRules.BadCursor);
            query = query.Where(r => r.Number < after.Number);
        }
        var limit = req.PageSize();
        // The summaries need no snapshot: leaving it out spares reading each one whole from TOAST and sending it
        // (bench/studies/revision-cost).
        var rows = await query.OrderByDescending(r => r.Number).Take(limit + 1)
            .Select(r => new ArticleRevision
            {
                ArticleId = r.ArticleId, Number = r.Number, At = r.At, ByKeyId = r.ByKeyId, ByKeyName = r.ByKeyName, ByAuthorId = r.ByAuthorId,
                Action = r.Action, Changed = r.Changed, Note = r.Note, Snapshot = "",
            })
            .ToListAsync(ct);
        await Send.OkAsync(Pages.Build(HttpContext, rows, limit, total, r => cursors.Encode(new RevisionCursor(r.Number), $"{Scope}:{article!.Id}"),
            page => page.Select(r => new RevisionSummary
            {
                Number = r.Number, At = r.At, By = ArticleRevisionReads.ByOf(r), Action = r.Action, Changed = r.Changed, Note = r.Note,
            }).ToList()), ct);
    }
}

sealed record RevisionCursor(int Number);
