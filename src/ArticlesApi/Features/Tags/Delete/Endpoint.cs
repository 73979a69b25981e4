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
        Delete("/tags/{idOrSlug}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Editors);
        Description(b => b.Produces(204).ProducesDeleteProblems());
        Summary(s =>
        {
            s.Summary = "Delete a tag (editor, admin)";
            s.ExampleRequest = new { id = "artico" };
            s.Description = "Needs If-Match. The tag is removed from the articles that carry it; the articles stay.";
        });
    }

    public override async Task HandleAsync(ConditionalDelete req, CancellationToken ct)
    {
        var tag = await db.FindByIdOrSlugAsync<Tag>(req.IdOrSlug, ct);
        var refused = tag is null ? new WriteRefusal.NotFound("tag", req.IdOrSlug)
            : Preconditions.Check(req.IfMatch, await CurrentTag.FindAsync(db, tag.Id, ct), HttpContext.DeclaredIfMatch())
              ?? await db.DeleteAsync(tag, ct);
        await (refused is null ? Send.NoContentAsync(ct) : Send.RefusalAsync(refused));
    }
}
