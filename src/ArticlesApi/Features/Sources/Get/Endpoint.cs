using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features;
using ArticlesApi.Features.Sources;
using ArticlesApi.Features.SiteSettings;
using FastEndpoints;

namespace Sources.Get;

sealed class Endpoint(ReadyStatement ready, SiteLinks links, TimeProvider time) : Endpoint<IdOrSlugRequest, SourceResponse>
{
    /// Leased when the query path answers: a read answered ready-made needs no context (ReadyStatement).
    ArticlesDb Db => field ??= Resolve<ArticlesDb>();

    public override void Configure()
    {
        Get("/sources/{idOrSlug}");
        Definition.Declare(ConditionalRead.Public, OldSlugRedirect.Sources);
        AllowAnonymous();
        Description(b => b
            .Produces<SourceResponse>(200, "application/json")
            .Produces(304)
            .ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Get a source";
            s.RequestExamples.Add(new(new { id = "the-valletta-chronicle" }));
            s.Description = "Who claims are attributed to: name, kind, its page on the front end (`url`), its own website (`websiteUrl`), country, description and the number of published articles citing it. Those articles: `GET /api/v1/articles?source={slug}`.";
            s.RequestParam(r => r.IdOrSlug, "The id (UUID) or slug.");
            s.Responses[200] = "Found.";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[404] = "No such source.";
        });
    }

    public override async Task HandleAsync(IdOrSlugRequest r, CancellationToken ct)
    {
        // The public read from its ready-made representation (Features/ReadyNamed); misses and staff reads below.
        if (await ArticlesApi.Features.ReadyNamed.ReadyNamedResources.TrySendAsync(HttpContext, ready, links, time, () => Db, ArticlesApi.Domain.ContentResource.Source, r.IdOrSlug, ct))
            return;
        var found = await NamedResources.FindAsync(Db.Sources, r.IdOrSlug, SourceProjections.Public(await ScheduledPublication.DueIdsAsync(Db, ct)), ct);
        if (found is not null)
            await Send.OkAsync((await found.LinkedAsync(Db, ct))!, ct);
        else if (await SlugRedirects.FindAsync(HttpContext, Db, r.IdOrSlug, id => Db.Sources.Where(s => s.Id == id).Select(s => s.Slug), ct) is { } moved)
            await Send.ResultAsync(moved);
        else
            await Send.NotFoundAsync(ct);
    }
}
