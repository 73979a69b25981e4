using ArticlesApi.Data;
using ArticlesApi.Domain;
using Source = ArticlesApi.Domain.Source;
using ArticlesApi.Features.Sources;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Sources.Create;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, SourceResponse>
{
    public override void Configure()
    {
        Post("/sources");
        Definition.Declare(IdempotentPost.Instance);
        Roles(RoleNames.Editors);
        Description(b => b.Produces<SourceResponse>(201).ProducesCreateProblems());
        Summary(s =>
        {
            s.Summary = "Create a source (editor, admin)";
            s.ExampleRequest = new { name = "Osservatorio Mediterraneo sulle Migrazioni", kind = "organization", websiteUrl = "https://osservatorio-migrazioni.example.org", country = "IT", description = "Centro di ricerca indipendente che conta arrivi e naufragi nel Mediterraneo centrale." };
            s.Description = "The slug is generated from the name when not given; an explicit slug that is taken answers 409.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var source = new Source { Name = req.Name, Slug = "" };
        req.ApplyTo(source);
        if (await db.InsertAsync(source, req.Slug, req.Name, ct) is { } refused)
        {
            await Send.RefusalAsync(refused);
            return;
        }
        HttpContext.Response.Headers.Location = $"/api/v1/sources/{source.Id}";
        await Send.ResponseAsync(await CurrentSource.ReadAsync(db, source.Id, ct), StatusCodes.Status201Created, ct);
    }
}
