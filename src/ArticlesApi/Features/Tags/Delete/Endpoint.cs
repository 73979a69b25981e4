using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Tags;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Tags.Delete;

sealed class Endpoint(ArticlesDb db) : Endpoint<ConditionalDelete>
{
    public override void Configure()
    {
        Delete("/tags/{id:guid}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Editors);
        Description(b => b.Produces(204).ProducesDeleteProblems());
        Summary(s =>
        {
            s.Summary = "Delete a tag (editor, admin)";
            s.Description = "Needs If-Match. The tag is removed from the articles that carry it; the articles stay.";
        });
    }

    public override async Task HandleAsync(ConditionalDelete req, CancellationToken ct)
    {
        var (tag, failed) = await db.LoadForWriteAsync<Tag>(req.Id, HttpContext, id => CurrentTag.ReadBoxedAsync(db, id, ct), ct);
        var problem = failed ?? await db.DeleteAsync(tag!, ct);
        await (problem is null ? Send.NoContentAsync(ct) : Send.ResultAsync(problem));
    }
}
