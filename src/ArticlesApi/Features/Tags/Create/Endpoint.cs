using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Tags;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Tags.Create;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, TagResponse>
{
    public override void Configure()
    {
        Post("/tags");
        Definition.Declare(IdempotentPost.Instance);
        Roles(RoleNames.Editors);
        Description(b => b.Produces<TagResponse>(201).ProducesCreateProblems());
        Summary(s =>
        {
            s.Summary = "Create a tag (editor, admin)";
            s.ExampleRequest = new
            {
                name = "Artico", description = "Rotte polari, risorse e basi militari.",
                translations = new Dictionary<string, object> { ["en"] = new { name = "Arctic", description = "Polar sea lanes, resources and military bases." } },
            };
            s.Description = "The slug is generated from the name when not given; an explicit slug that is taken answers 409. A name that "
                + "looks like an existing tag's (the same letters up to case, accents, spacing, compatibility forms and look-alike letters "
                + "of other scripts, such as a Cyrillic `С` for a Latin `C`) answers 409 naming `name`, with that tag's `slug`. "
                + "`translations` gives the tag's name (and description) in other languages: articles in a language embed the tag "
                + "with its name in that language. A translated name that looks like another tag's name, or like another tag's name "
                + "in the same language, answers 409 naming `translations.<language>.name`. "
                + "A tag is listed publicly once a published article carries it.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var tag = new Tag { Name = req.Name, Slug = "" };
        req.ApplyTo(tag);
        if ((await TagLookAlikes.FindConflictAsync(db, tag.Name, tag.Id, ct)
             ?? await TagLookAlikes.FindTranslationConflictAsync(db, tag.Translations, tag.Id, ct)
             ?? await db.InsertAsync(tag, req.Slug, req.Name, ct)) is { } refused)
        {
            await Send.RefusalAsync(refused);
            return;
        }
        HttpContext.Response.Headers.Location = $"/api/v1/tags/{tag.Id}";
        await Send.ResponseAsync(await CurrentTag.ReadAsync(db, tag.Id, ct), StatusCodes.Status201Created, ct);
    }
}
