using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Authors;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Authors.Create;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, AuthorResponse>
{
    public override void Configure()
    {
        Post("/authors");
        Definition.Declare(IdempotentPost.Instance);
        Roles(RoleNames.Editors);
        Description(b => b.Produces<AuthorResponse>(201).ProducesCreateProblems());
        Summary(s =>
        {
            s.Summary = "Create an author (editor, admin)";
            s.ExampleRequest = new { name = "Sofia Marchetti", bio = "Corrispondente da Tunisi per il Nord Africa: migrazioni, energia e transizioni politiche.", location = "Tunisi", websiteUrl = "https://sofiamarchetti.example", links = new[] { new { label = "Mastodon", url = "https://mastodon.example/@smarchetti" } } };
            s.Description = "The slug is generated from the name when not given; an explicit slug that is taken answers 409.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var author = new Author { Name = req.Name, Slug = "" };
        req.ApplyTo(author);
        if (await db.InsertAsync(author, req.Slug, req.Name, ct) is { } refused)
        {
            await Send.RefusalAsync(refused);
            return;
        }
        HttpContext.Response.Headers.Location = $"/api/v1/authors/{author.Id}";
        await Send.ResponseAsync(await CurrentAuthor.ReadAsync(db, author.Id, ct), StatusCodes.Status201Created, ct);
    }
}
