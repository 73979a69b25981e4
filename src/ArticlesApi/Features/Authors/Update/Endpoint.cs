using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Authors;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Authors.Update;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, AuthorResponse>
{
    public override void Configure()
    {
        Put("/authors/{idOrSlug}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Editors);
        Description(b => b.Produces<AuthorResponse>(200).ProducesReplaceProblems());
        Summary(s =>
        {
            s.Summary = "Replace an author (editor, admin)";
            s.ExampleRequest = new { id = "sofia-marchetti", name = "Sofia Marchetti", bio = "Corrispondente dal Cairo per il Nord Africa e il Mar Rosso: migrazioni, energia e transizioni politiche.", location = "Il Cairo", websiteUrl = "https://sofiamarchetti.example", links = new[] { new { label = "Mastodon", url = "https://mastodon.example/@smarchetti" } } };
            s.Description = "Needs If-Match with the author's current ETag. A slug that is not given stays as it is.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var author = await db.FindByIdOrSlugAsync<Author>(req.IdOrSlug, ct);
        var refused = author is null ? new WriteRefusal.NotFound("author", req.IdOrSlug)
            : await CurrentAuthor.CheckIfMatchAsync(db, author.Id, req.IfMatch, HttpContext.DeclaredIfMatch(), ct)
              ?? await db.ReplaceAsync(author, req.Slug, req.ApplyTo, ct);
        await (refused is null ? Send.OkAsync(await CurrentAuthor.ReadAsync(db, author!.Id, ct), ct) : Send.RefusalAsync(refused));
    }
}
