using ArticlesApi.Data;
using ArticlesApi.Domain;
using Source = ArticlesApi.Domain.Source;
using ArticlesApi.Features.Sources;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Sources.Update;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, SourceResponse>
{
    public override void Configure()
    {
        Put("/sources/{idOrSlug}");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Editors);
        Description(b => b.Produces<SourceResponse>(200).ProducesReplaceProblems());
        Summary(s =>
        {
            s.Summary = "Replace a source (editor, admin)";
            s.ExampleRequest = new { id = "osservatorio-mediterraneo-sulle-migrazioni", name = "Osservatorio Mediterraneo sulle Migrazioni", kind = "organization", url = "https://osservatorio-migrazioni.example.org", country = "IT", description = "Centro di ricerca indipendente con sede a Palermo: conta arrivi, soccorsi e naufragi nel Mediterraneo centrale." };
            s.Description = "Needs If-Match with the source's current ETag. A slug that is not given stays as it is.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var source = await db.FindByIdOrSlugAsync<Source>(req.IdOrSlug, ct);
        var refused = source is null ? new WriteRefusal.NotFound("source", req.IdOrSlug)
            : Preconditions.Check(req.IfMatch, await CurrentSource.FindAsync(db, source.Id, ct), HttpContext.DeclaredIfMatch())
              ?? await db.ReplaceAsync(source, req.Slug, req.ApplyTo, ct);
        await (refused is null ? Send.OkAsync(await CurrentSource.ReadAsync(db, source!.Id, ct), ct) : Send.RefusalAsync(refused));
    }
}
