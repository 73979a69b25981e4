using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Tags;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Tags.Update;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, TagResponse>
{
    public override void Configure()
    {
        Put("/tags/{idOrSlug}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Editors);
        Description(b => b.Produces<TagResponse>(200).ProducesReplaceProblems());
        Summary(s =>
        {
            s.Summary = "Replace a tag (editor, admin)";
            s.ExampleRequest = new
            {
                id = "diplomazia", name = "Diplomazia", description = "Negoziati, vertici, trattati e relazioni tra Stati.",
                translations = new Dictionary<string, object> { ["en"] = new { name = "Diplomacy", description = "Talks, summits, treaties and relations between states." } },
            };
            s.Description = "Needs If-Match with the tag's current ETag. A slug that is not given stays as it is. A name that looks like "
                + "another tag's answers 409 naming `name`, with that tag's `slug`. `translations` replaces every translation of the tag "
                + "(not given: none), with the same look-alike rule for translated names (409 naming `translations.<language>.name`).";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var tag = await db.FindByIdOrSlugAsync<Tag>(req.IdOrSlug, ct);
        if (tag is not null)
            await db.Entry(tag).Collection(t => t.Translations).LoadAsync(ct);
        var refused = tag is null ? new WriteRefusal.NotFound("tag", req.IdOrSlug)
            : Preconditions.Check(req.IfMatch, await CurrentTag.FindAsync(db, tag.Id, ct), HttpContext.DeclaredIfMatch())
              ?? await TagLookAlikes.FindConflictAsync(db, req.Name.Trim(), tag.Id, ct)
              ?? await TagLookAlikes.FindTranslationConflictAsync(db, req.NormalizedTranslations(tag.Id), tag.Id, ct)
              ?? await db.ReplaceAsync(tag, req.Slug, req.ApplyTo, ct);
        await (refused is null ? Send.OkAsync(await CurrentTag.ReadAsync(db, tag!.Id, ct), ct) : Send.RefusalAsync(refused));
    }
}
