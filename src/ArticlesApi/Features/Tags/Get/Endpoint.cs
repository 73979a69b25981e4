using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features;
using ArticlesApi.Features.Tags;
using FastEndpoints;

namespace Tags.Get;

sealed class Endpoint(ArticlesDb db) : Endpoint<IdOrSlugRequest, TagResponse>
{
    public override void Configure()
    {
        Get("/tags/{idOrSlug}");
        AllowAnonymous();
        Description(b => b
            .Produces<TagResponse>(200, "application/json")
            .Produces(304)
            .ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Get a tag";
            s.Description = "Name, description and the number of published articles. Articles with a tag: `GET /api/v1/articles?tag={slug}`.";
            s.RequestParam(r => r.IdOrSlug, "The id (UUID) or slug.");
            s.Responses[200] = "Found.";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[404] = "No such tag.";
        });
    }

    public override async Task HandleAsync(IdOrSlugRequest r, CancellationToken ct)
    {
        var found = await NamedResources.FindAsync(db.Tags, r.IdOrSlug, TagProjections.Public(await ScheduledPublication.DueIdsAsync(db, ct)), ct);
        if (found is null)
            await Send.NotFoundAsync(ct);
        else
            await Send.OkAsync(found, ct);
    }
}
