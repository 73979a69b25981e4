using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Authors;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Authors.Delete;

sealed class Request
{
    public Guid Id { get; init; }

    /// The ETag of the author being deleted: required.
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Endpoint(ArticlesDb db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/authors/{id:guid}");
        Roles(RoleNames.Editors);
        Description(b => b.Produces(204).ProducesDeleteProblems());
        Summary(s =>
        {
            s.Summary = "Delete a author (editor, admin)";
            s.Description = "Needs If-Match. An author still credited on articles (trashed ones included), or that API keys act as, cannot be deleted: 409.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (author, failed) = await db.LoadForWriteAsync<Author>(req.Id, HttpContext, id => AuthorReader.ReadBoxedAsync(db, id, ct), ct);
        if (author is null)
        {
            await Send.ResultAsync(failed!);
            return;
        }
        var articles = await db.ArticleAuthors.CountAsync(x => x.AuthorId == author.Id, ct);
        var keys = await db.ApiKeys.CountAsync(k => k.AuthorId == author.Id, ct);
        if (articles > 0 || keys > 0)
        {
            await Send.ResultAsync(Problems.Conflict(articles > 0
                ? $"The author '{author.Slug}' is still credited on {articles} article(s), trashed ones included. Remove them from those articles first."
                : $"{keys} API key(s) act as the author '{author.Slug}'. Keys keep their author even when revoked, so this author cannot be deleted."));
            return;
        }
        db.Authors.Remove(author);
        if (await db.TrySaveAsync(author.Slug, ct) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        await Send.NoContentAsync(ct);
    }
}
