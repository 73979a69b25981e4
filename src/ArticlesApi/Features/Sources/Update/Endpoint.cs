using ArticlesApi.Data;
using ArticlesApi.Domain;
using Source = ArticlesApi.Domain.Source;
using ArticlesApi.Features.Sources;
using ArticlesApi.Features.SiteSettings;
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
            // A dictionary, not an anonymous object: the route's `id` must not become the example of the body's `id` (a UUID).
            s.ExampleRequest = new Dictionary<string, object?>
            {
                ["id"] = "osservatorio-mediterraneo-sulle-migrazioni", ["name"] = "Osservatorio Mediterraneo sulle Migrazioni", ["kind"] = "organization",
                ["websiteUrl"] = "https://osservatorio-migrazioni.example.org", ["country"] = "IT",
                ["description"] = "Centro di ricerca indipendente con sede a Palermo: conta arrivi, soccorsi e naufragi nel Mediterraneo centrale.",
            };
            s.Description = "Needs If-Match with the source's current ETag. A slug that is not given stays as it is. A source read can be sent back "
                + "as it is: `id` must then be the source's, `url` its page on the front end (400 otherwise; its own website is `websiteUrl`), "
                + "and `articleCount`, `createdAt` and `updatedAt` are ignored.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var source = await db.FindByIdOrSlugAsync<Source>(req.IdOrSlug, ct);
        var refused = source is null ? new WriteRefusal.NotFound("source", req.IdOrSlug) : await ReplaceAsync(source, req, ct);
        await (refused is null ? Send.OkAsync(await CurrentSource.ReadAsync(db, source!.Id, ct), ct) : Send.RefusalAsync(refused));
    }

    async Task<WriteRefusal?> ReplaceAsync(Source source, Request req, CancellationToken ct)
    {
        var current = await CurrentSource.FindAsync(db, source.Id, ct);
        if (Preconditions.Check(req.IfMatch, current, HttpContext.DeclaredIfMatch()) is { } notNow)
            return notNow;
        SourceUrls.CheckReadOnly(req, current!, await db.SiteUrlsAsync(ct), ValidationFailures);
        ThrowIfAnyErrors();
        return await db.ReplaceAsync(source, req.Slug, req.ApplyTo, ct);
    }
}
