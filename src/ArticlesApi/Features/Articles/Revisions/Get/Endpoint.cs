using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Revisions;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Articles.Revisions.Get;

sealed class Request
{
    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; set; } = "";

    /// The revision's number (1 is the first).
    public int Number { get; set; }
}

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, RevisionResponse>
{
    public override void Configure()
    {
        Get("/articles/{idOrSlug}/revisions/{number}");
        Definition.Declare(ConditionalRead.Private);
        Roles(RoleNames.Writers);
        Description(b => b.Produces<RevisionResponse>(200, "application/json").Produces(304).ProducesProblems(400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Get an article as one revision left it (those who may edit it)";
            s.RequestExamples.Add(new(ArticleExamples.Revision));
            s.Description = "The revision and, in `article`, the article as it stood after that write: its content (body as Markdown), "
                + "status and dates, and its authors (in order), tags and citation sources by id.";
            s.Responses[200] = "The revision.";
            s.Responses[403] = "The key may not edit this (public) article.";
            s.Responses[404] = "No such article or revision, or not one this key may see.";
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
        if (await ArticleRevisionReads.FindAsync(db, article!.Id, req.Number, ct) is not { } revision)
        {
            await HttpContext.Response.SendResultAsync(Problems.NotFound(ArticleRevisionReads.NoSuchRevision(req.IdOrSlug, req.Number)));
            return;
        }
        await Send.OkAsync(ArticleRevisionReads.Full(revision), ct);
    }
}
