using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features;
using ArticlesApi.Features.Authors;
using ArticlesApi.Features.SiteSettings;
using FastEndpoints;

namespace Authors.Get;

sealed class Endpoint(ReadyStatement ready, SiteLinks links, TimeProvider time) : Endpoint<IdOrSlugRequest, AuthorResponse>
{
    /// Leased when the query path answers: a read answered ready-made needs no context (ReadyStatement).
    ArticlesDb Db => field ??= Resolve<ArticlesDb>();

    public override void Configure()
    {
        Get("/authors/{idOrSlug}");
        Definition.Declare(ConditionalRead.Public, OldSlugRedirect.Authors);
        AllowAnonymous();
        Description(b => b
            .Produces<AuthorResponse>(200, "application/json")
            .Produces(304)
            .ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Get an author";
            s.RequestExamples.Add(new(new { id = "giulia-ferraris" }));
            s.Description = "Name, bio, avatar, links and the number of published articles. The email is private: only an editor's or admin's key reads it (and an author's or contributor's key, its own author's). Articles by an author: `GET /api/v1/articles?author={slug}`.";
            s.RequestParam(r => r.IdOrSlug, "The id (UUID) or slug.");
            s.Responses[200] = "Found.";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[404] = "No such author.";
        });
    }

    public override async Task HandleAsync(IdOrSlugRequest r, CancellationToken ct)
    {
        // The public read from its ready-made representation (Features/ReadyNamed); misses and staff reads below.
        if (await ArticlesApi.Features.ReadyNamed.ReadyNamedResources.TrySendAsync(HttpContext, ready, links, time, () => Db, ArticlesApi.Domain.ContentResource.Author, r.IdOrSlug, ct))
            return;
        var found = await NamedResources.FindAsync(Db.Authors, r.IdOrSlug,
            AuthorProjections.For(ArticleViewer.Of(User), await ScheduledPublication.DueIdsAsync(Db, ct)), ct);
        if (found is not null)
            await Send.OkAsync((await found.LinkedAsync(Db, ct))!, ct);
        else if (await SlugRedirects.FindAsync(HttpContext, Db, r.IdOrSlug, id => Db.Authors.Where(a => a.Id == id).Select(a => a.Slug), ct) is { } moved)
            await Send.ResultAsync(moved);
        else
            await Send.NotFoundAsync(ct);
    }
}
