using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features;
using ArticlesApi.Features.Tags;
using ArticlesApi.Features.SiteSettings;
using FastEndpoints;

namespace Tags.Get;

sealed class Endpoint(ReadyStatement ready, SiteLinks links, TimeProvider time) : Endpoint<IdOrSlugRequest, TagResponse>
{
    /// Leased when the query path answers: a read answered ready-made needs no context (ReadyStatement).
    ArticlesDb Db => field ??= Resolve<ArticlesDb>();

    public override void Configure()
    {
        Get("/tags/{idOrSlug}");
        Definition.Declare(ConditionalRead.Public, OldSlugRedirect.Tags);
        AllowAnonymous();
        Description(b => b
            .Produces<TagResponse>(200, "application/json")
            .Produces(304)
            .ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Get a tag";
            s.RequestExamples.Add(new(new { id = "diplomazia" }));
            s.Description = "Name, description and the number of published articles. Articles with a tag: `GET /api/v1/articles?tag={slug}`. "
                + "Without a key, only tags of at least one published article are found: a tag that only drafts or articles scheduled for "
                + "later carry answers 404, as those articles do (its existence is not leaked). Any key reads every tag.";
            s.RequestParam(r => r.IdOrSlug, "The id (UUID) or slug.");
            s.Responses[200] = "Found.";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[404] = "No such tag, or (without a key) no published article carries it yet.";
        });
    }

    public override async Task HandleAsync(IdOrSlugRequest r, CancellationToken ct)
    {
        // The public read from its ready-made representation (Features/ReadyNamed); misses and staff reads below.
        if (await ArticlesApi.Features.ReadyNamed.ReadyNamedResources.TrySendAsync(HttpContext, ready, links, time, () => Db, ArticlesApi.Domain.ContentResource.Tag, r.IdOrSlug, ct))
            return;
        var due = await ScheduledPublication.DueIdsAsync(Db, ct);
        var readable = ReadableTags.For(Db, User, due);
        var found = await NamedResources.FindAsync(readable, r.IdOrSlug, TagProjections.Public(due), ct);
        if (found is not null)
            await Send.OkAsync((await found.LinkedAsync(Db, ct))!, ct);
        else if (await SlugRedirects.FindAsync(HttpContext, Db, r.IdOrSlug, id => readable.Where(t => t.Id == id).Select(t => t.Slug), ct) is { } moved)
            await Send.ResultAsync(moved);
        else
            await Send.NotFoundAsync(ct);
    }
}
